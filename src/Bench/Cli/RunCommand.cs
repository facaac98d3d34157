using System.CommandLine;
using Sluice.Bench.Results;
using Sluice.Bench.Running;

namespace Sluice.Bench.Cli;

/// <summary><c>sluice-bench run</c>: one benchmark, a summary table and optionally a JSON results file.</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("run", "Run one benchmark against an OpenAI-compatible server and print its summary");
        var specOptions = new SpecOptions();
        specOptions.AddTo(command);
        var output = new Option<string?>("--output", "-o") { Description = "Write the JSON results here" };
        var includeRequests = new Option<bool>("--include-requests") { Description = "Keep every request's measurements in the JSON" };
        command.Add(output);
        command.Add(includeRequests);
        command.SetAction((parse, cancellationToken) => CliErrors.GuardAsync(async () =>
        {
            var spec = specOptions.Build(parse);
            Console.WriteLine("sluice-bench: " + SpecDescription.Describe(spec));
            var sink = new ProgressSink();
            var runner = new LoadRunner { Progress = sink };
            var run = await ConsoleProgress.ShowAsync("run", sink, runner.RunAsync(spec, cancellationToken));
            SummaryTables.WriteRun(run);
            SummaryTables.WriteFirstErrors(run);
            if (parse.GetValue(output) is { } path)
            {
                var kept = parse.GetValue(includeRequests) ? run : run with { Requests = null };
                ResultsJson.Write(new ResultsFile { Kind = ResultsKind.Run, CreatedAtUtc = DateTimeOffset.UtcNow, Runs = [kept] }, path);
                Console.WriteLine($"results: {path}");
            }

            if (run.Summary.OkRequests == 0)
            {
                await Console.Error.WriteLineAsync("error: no request succeeded");
                return 1;
            }

            return 0;
        }));
        return command;
    }
}
