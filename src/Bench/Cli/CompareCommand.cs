using System.CommandLine;
using Sluice.Bench.Results;

namespace Sluice.Bench.Cli;

/// <summary><c>sluice-bench compare a.json b.json</c>: metrics side by side with b / a ratios.</summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("compare", "Compare two results files: values side by side and their ratio (second / first)");
        var baseline = new Argument<string>("baseline") { Description = "First results file (the denominator)" };
        var candidate = new Argument<string>("candidate") { Description = "Second results file" };
        command.Add(baseline);
        command.Add(candidate);
        command.SetAction(parse => CliErrors.GuardAsync(() =>
        {
            var a = parse.GetValue(baseline) ?? "";
            var b = parse.GetValue(candidate) ?? "";
            var rows = ResultsComparison.Compare(ResultsJson.Read(a), ResultsJson.Read(b));
            if (rows.Count == 0)
            {
                throw new ArgumentException("the files have no runs in common to compare");
            }

            SummaryTables.WriteComparison(rows, Path.GetFileName(a), Path.GetFileName(b));
            return Task.FromResult(0);
        }));
        return command;
    }
}
