using System.CommandLine;
using Sluice.Engine.Api;
using Sluice.Engine.Compute.Cuda.Tools;

var model = new Option<string>("--model") { Description = "model directory or dummy://<preset>", DefaultValueFactory = _ => "dummy://tiny" };
var host = new Option<string>("--host") { Description = "address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
var port = new Option<int>("--port") { Description = "port for the OpenAI API", DefaultValueFactory = _ => 8000 };
var servedName = new Option<string?>("--served-model-name") { Description = "model id reported by the API (default: directory name or preset)" };
var serve = new Command("serve", "serve a model over the OpenAI API") { model, host, port, servedName };
serve.SetAction(async (parse, cancellationToken) =>
{
    var source = parse.GetValue(model)!;
    var name = parse.GetValue(servedName) ?? Path.GetFileName(source.TrimEnd('/').Replace("dummy://", string.Empty, StringComparison.Ordinal));
    var builder = WebApplication.CreateBuilder();
    builder.WebHost.UseUrls($"http://{parse.GetValue(host)}:{parse.GetValue(port)}");
    var app = builder.Build().MapHealthAndModels(name);
    await app.RunAsync(cancellationToken);
    return 0;
});
var root = new RootCommand("sluice-engine: an OpenAI-compatible LLM inference server") { serve, SelfTestCommand.Create(), BenchCommand.Create() };
return await root.Parse(args).InvokeAsync();
