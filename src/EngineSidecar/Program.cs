using System.CommandLine;
using Sluice.Engine.Cli;

var serve = ServeCommand.Create(_ => throw new InvalidOperationException("model loading is not wired yet"));
var root = new RootCommand("sluice-engine: an OpenAI-compatible LLM inference server") { serve };

// The host handles SIGTERM/SIGINT itself (drain, then exit 0); the parser must not cut it short.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
