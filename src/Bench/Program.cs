using System.CommandLine;
using Sluice.Bench.Cli;

var root = new RootCommand("sluice-bench: load generator for OpenAI-compatible servers")
{
    RunCommand.Create(),
    SweepCommand.Create(),
    CompareCommand.Create(),
    PlotCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
