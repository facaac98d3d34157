using System.CommandLine;
using Sluice.Operator;
using Sluice.Operator.Cli;

var port = new Option<int>("--health-port") { Description = "port for /healthz and /readyz", DefaultValueFactory = _ => 8081 };
var run = new Command("run", "run the operator") { port };
run.SetAction(async (parse, cancellationToken) =>
{
    var builder = WebApplication.CreateBuilder();
    builder.WebHost.UseUrls($"http://0.0.0.0:{parse.GetValue(port)}");
    var app = builder.Build().MapHealth();
    await app.RunAsync(cancellationToken);
    return 0;
});
var root = new RootCommand("sluice-operator: serves LLMs on Kubernetes to declared latency SLOs") { run, CrdsCommand.Create() };
return await root.Parse(args).InvokeAsync();
