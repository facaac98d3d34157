using System.CommandLine;
using Sluice.Engine.Cli;
using Sluice.Engine.Cli.Bench;
using Sluice.Engine.Compute.Cuda.Tools;
using Sluice.Engine.Fetch;
using Sluice.Engine.Model;

var serve = ServeCommand.Create(options => ModelLoader.Load(options.Model, options.ServedModelName, options.Device, options.Quantization, options.KvCacheDtype, Console.Error,
    options.TensorParallelSize));
var root = new RootCommand("sluice-engine: an OpenAI-compatible LLM inference server")
{
    serve, ProxyCommand.Create(), GenerateCommand.Create(), ScoreCommand.Create(), SelfTestCommand.Create(), BenchCommand.Create(), StructuredBenchCommand.Create(),
    FetchCommand.Create(),
};

// The host handles SIGTERM/SIGINT itself (drain, then exit 0); the parser must not cut it short.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
