using System.CommandLine;
using Sluice.Bench.Charts;
using Sluice.Bench.Results;

namespace Sluice.Bench.Cli;

/// <summary><c>sluice-bench plot a.json [b.json …]</c>: the standard SVG charts, one series per file.</summary>
public static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("plot", "Draw throughput, TTFT p95 and TPOT p95 charts from results files (one series per file)");
        var files = new Argument<string[]>("files") { Description = "Results files sharing an axis", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out-dir") { Description = "Where the SVG files go", DefaultValueFactory = _ => "." };
        command.Add(files);
        command.Add(outDir);
        command.SetAction(parse => CliErrors.GuardAsync(() =>
        {
            var inputs = (parse.GetValue(files) ?? [])
                .Select(path => new LabeledResults(Path.GetFileNameWithoutExtension(path), ResultsJson.Read(path)))
                .ToList();
            foreach (var chart in SweepCharts.WriteAll(inputs, parse.GetValue(outDir) ?? "."))
            {
                Console.WriteLine($"chart: {chart}");
            }

            return Task.FromResult(0);
        }));
        return command;
    }
}
