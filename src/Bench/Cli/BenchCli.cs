using System.CommandLine;

namespace Sluice.Bench.Cli;

/// <summary>The <c>sluice-bench</c> command line: <c>run</c>, <c>sweep</c>, <c>compare</c>, <c>plot</c>.</summary>
public static class BenchCli
{
    /// <summary>The root command with every subcommand; invoke it with the process arguments.</summary>
    public static RootCommand Create() => new("sluice-bench: load generator for OpenAI-compatible servers")
    {
        RunCommand.Create(),
        SweepCommand.Create(),
        CompareCommand.Create(),
        PlotCommand.Create(),
    };
}
