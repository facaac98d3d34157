using System.CommandLine;
using Sluice.Operator.Cli;

var root = new RootCommand("sluice-operator: serves LLMs on Kubernetes to declared latency SLOs")
{
    RunCommand.Create(),
    CrdsCommand.Create(),
    TuneCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
