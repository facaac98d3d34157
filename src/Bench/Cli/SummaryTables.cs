using System.Globalization;
using Sluice.Bench.Results;
using Spectre.Console;

namespace Sluice.Bench.Cli;

/// <summary>Spectre.Console tables for a run summary, a sweep and a comparison (plain text when stdout is not a terminal).</summary>
public static class SummaryTables
{
    /// <summary>Requests, throughputs, goodput and the latency percentiles of one run.</summary>
    public static void WriteRun(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Summary;
        var totals = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        totals.AddRow("requests ok / failed", $"{s.OkRequests} / {s.FailedRequests}");
        foreach (var (kind, count) in s.ErrorsByKind)
        {
            totals.AddRow(Markup.Escape($"  errors {kind}"), count.ToString(CultureInfo.InvariantCulture));
        }

        totals.AddRow("duration (s)", F(s.DurationSeconds));
        totals.AddRow("request throughput (req/s)", F(s.RequestThroughputPerSecond));
        totals.AddRow("output throughput (tok/s)", F(s.OutputTokenThroughputPerSecond));
        totals.AddRow("total throughput (tok/s)", F(s.TotalTokenThroughputPerSecond));
        totals.AddRow("tokens in / out", $"{s.InputTokens} / {s.OutputTokens}");
        totals.AddRow("mean concurrency", F(s.MeanConcurrency));
        if (s.GoodputRequestsPerSecond is { } goodput)
        {
            totals.AddRow("goodput (req/s)", F(goodput));
            totals.AddRow("SLO attainment", s.SloAttainment is { } a ? a.ToString("P1", CultureInfo.InvariantCulture) : "-");
        }

        AnsiConsole.Write(totals);
        var latency = new Table().AddColumn("latency (ms)");
        foreach (var column in new[] { "mean", "p50", "p90", "p95", "p99", "max" })
        {
            latency.AddColumn(new TableColumn(column).RightAligned());
        }

        AddLatencyRow(latency, "TTFT", s.Ttft);
        AddLatencyRow(latency, "TPOT", s.Tpot);
        AddLatencyRow(latency, "ITL", s.Itl);
        AddLatencyRow(latency, "E2E", s.E2e);
        AnsiConsole.Write(latency);
    }

    /// <summary>The first error message of each failure kind, so a misconfigured run shows why it failed.</summary>
    public static void WriteFirstErrors(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var failed in (run.Requests ?? []).Where(r => !r.Ok).GroupBy(r => r.ErrorKind).Select(g => g.First()))
        {
            Console.WriteLine($"first {failed.ErrorKind} error: {failed.ErrorMessage}");
        }
    }

    /// <summary>One row per sweep point.</summary>
    public static void WriteSweep(ResultsFile sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var table = new Table();
        foreach (var column in new[] { sweep.EffectiveAxis == SweepAxis.Concurrency ? "users" : "rate (req/s)", "ok / failed", "req/s", "out tok/s", "goodput", "TTFT p95 ms", "TPOT p95 ms", "ITL p95 ms" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var run in sweep.Runs)
        {
            var s = run.Summary;
            var x = ResultsFile.AxisValue(run, sweep.EffectiveAxis);
            table.AddRow(
                x is { } value ? F(value) : "inf",
                $"{s.OkRequests} / {s.FailedRequests}",
                F(s.RequestThroughputPerSecond),
                F(s.OutputTokenThroughputPerSecond),
                s.GoodputRequestsPerSecond is { } g ? F(g) : "-",
                Ms(s.Ttft.P95),
                Ms(s.Tpot.P95),
                Ms(s.Itl.P95));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Baseline, candidate and candidate / baseline per metric.</summary>
    public static void WriteComparison(IReadOnlyList<ComparisonRow> rows, string baselineName, string candidateName)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table()
            .AddColumn("point")
            .AddColumn("metric")
            .AddColumn(new TableColumn(Markup.Escape(baselineName)).RightAligned())
            .AddColumn(new TableColumn(Markup.Escape(candidateName)).RightAligned())
            .AddColumn(new TableColumn("ratio").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Point),
                Markup.Escape(row.Metric),
                row.Baseline is { } a ? F(a) : "-",
                row.Candidate is { } b ? F(b) : "-",
                row.Ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) + "x" : "-");
        }

        AnsiConsole.Write(table);
    }

    private static void AddLatencyRow(Table table, string name, LatencyStats stats) =>
        table.AddRow(name, Ms(stats.Mean), Ms(stats.P50), Ms(stats.P90), Ms(stats.P95), Ms(stats.P99), Ms(stats.Max));

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Ms(double? seconds) => seconds is { } s ? (s * 1000).ToString("0.##", CultureInfo.InvariantCulture) : "-";
}
