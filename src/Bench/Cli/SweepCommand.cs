using System.CommandLine;
using Sluice.Bench.Charts;
using Sluice.Bench.Results;
using Sluice.Bench.Running;

namespace Sluice.Bench.Cli;

/// <summary><c>sluice-bench sweep</c>: the same benchmark over a list of concurrencies or request rates, one JSON file and the standard charts.</summary>
public static class SweepCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("sweep", "Run a benchmark at each concurrency or request rate of a list; write one JSON file and SVG charts");
        var specOptions = new SpecOptions();
        specOptions.AddTo(command);
        var concurrency = new Option<string?>("--concurrency") { Description = "Closed-loop users per point, e.g. 1,2,4,8,16" };
        var rates = new Option<string?>("--request-rates") { Description = "Open-loop request rates per point, e.g. 1,2,4,8,inf" };
        var output = new Option<string>("--output", "-o") { Description = "Combined JSON results", DefaultValueFactory = _ => "sweep.json" };
        var plotsDir = new Option<string?>("--plots-dir") { Description = "Where the SVG charts go (default: the output file's directory)" };
        var includeRequests = new Option<bool>("--include-requests") { Description = "Keep every request's measurements in the JSON" };
        foreach (var option in new Option[] { concurrency, rates, output, plotsDir, includeRequests })
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var (axis, values) = Grid(parse.GetValue(concurrency), parse.GetValue(rates));
            var baseSpec = specOptions.Build(parse);
            var sink = new ProgressSink();
            var runner = new LoadRunner { Progress = sink };
            var sweep = await SweepRunner.RunAsync(
                async (i, spec) =>
                {
                    var label = $"point {i + 1}/{values.Count}";
                    Console.WriteLine($"sluice-bench {label}: {SpecDescription.Describe(spec)}");
                    return await ConsoleProgress.ShowAsync(label, sink, runner.RunAsync(spec, cancellationToken));
                },
                baseSpec,
                axis,
                values);
            if (!parse.GetValue(includeRequests))
            {
                sweep = sweep with { Runs = [.. sweep.Runs.Select(r => r with { Requests = null })] };
            }

            SummaryTables.WriteSweep(sweep);
            var path = parse.GetValue(output) ?? "sweep.json";
            ResultsJson.Write(sweep, path);
            Console.WriteLine($"results: {path}");
            var directory = parse.GetValue(plotsDir) ?? Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            foreach (var chart in SweepCharts.WriteAll([new LabeledResults(baseSpec.Model, sweep)], directory))
            {
                Console.WriteLine($"chart: {chart}");
            }

            return 0;
        }));
        return command;
    }

    private static (SweepAxis Axis, IReadOnlyList<double> Values) Grid(string? concurrency, string? rates)
    {
        if ((concurrency is null) == (rates is null))
        {
            throw new ArgumentException("give exactly one of --concurrency and --request-rates");
        }

        if (concurrency is not null)
        {
            return NumberListParser.TryParse(concurrency, allowInfinity: false, out var users)
                ? (SweepAxis.Concurrency, users)
                : throw new ArgumentException($"--concurrency '{concurrency}' is not a comma-separated list of positive whole numbers");
        }

        return NumberListParser.TryParse(rates, allowInfinity: true, out var perSecond)
            ? (SweepAxis.RequestRate, perSecond)
            : throw new ArgumentException($"--request-rates '{rates}' is not a comma-separated list of positive numbers or inf");
    }
}
