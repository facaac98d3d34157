using System.Globalization;

namespace Sluice.Bench.Results;

/// <summary>
/// Compares two results files metric by metric. Runs are paired by axis value when both files are
/// sweeps on the same axis (values in only one file are skipped), otherwise by position.
/// </summary>
public static class ResultsComparison
{
    /// <summary>The compared metrics, in display order: name with unit, and how to read it from a summary.</summary>
    public static IReadOnlyList<(string Name, Func<RunSummary, double?> Read)> Metrics { get; } =
    [
        ("ok requests", s => s.OkRequests),
        ("failed requests", s => s.FailedRequests),
        ("request throughput (req/s)", s => s.RequestThroughputPerSecond),
        ("output throughput (tok/s)", s => s.OutputTokenThroughputPerSecond),
        ("total throughput (tok/s)", s => s.TotalTokenThroughputPerSecond),
        ("goodput (req/s)", s => s.GoodputRequestsPerSecond),
        ("TTFT p50 (ms)", s => s.Ttft.P50 * 1000),
        ("TTFT p95 (ms)", s => s.Ttft.P95 * 1000),
        ("TTFT p99 (ms)", s => s.Ttft.P99 * 1000),
        ("TPOT p50 (ms)", s => s.Tpot.P50 * 1000),
        ("TPOT p95 (ms)", s => s.Tpot.P95 * 1000),
        ("TPOT p99 (ms)", s => s.Tpot.P99 * 1000),
        ("ITL p95 (ms)", s => s.Itl.P95 * 1000),
        ("E2E p50 (ms)", s => s.E2e.P50 * 1000),
        ("E2E p95 (ms)", s => s.E2e.P95 * 1000),
    ];

    /// <summary>One row per metric per run pair, pairs in the baseline's order.</summary>
    public static IReadOnlyList<ComparisonRow> Compare(ResultsFile baseline, ResultsFile candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var rows = new List<ComparisonRow>();
        foreach (var (point, a, b) in Pair(baseline, candidate))
        {
            foreach (var (name, read) in Metrics)
            {
                var valueA = read(a.Summary);
                var valueB = read(b.Summary);
                double? ratio = valueA is { } x && valueB is { } y && x != 0 ? y / x : null;
                rows.Add(new ComparisonRow(point, name, valueA, valueB, ratio));
            }
        }

        return rows;
    }

    private static IEnumerable<(string Point, RunResult A, RunResult B)> Pair(ResultsFile baseline, ResultsFile candidate)
    {
        if (baseline.Kind == ResultsKind.Sweep && candidate.Kind == ResultsKind.Sweep && baseline.Axis == candidate.Axis)
        {
            var axis = baseline.EffectiveAxis;
            var prefix = axis == SweepAxis.Concurrency ? "users=" : "rate=";
            foreach (var a in baseline.Runs)
            {
                var value = ResultsFile.AxisValue(a, axis);
                var b = candidate.Runs.FirstOrDefault(r => ResultsFile.AxisValue(r, axis) == value);
                if (b is not null)
                {
                    yield return (prefix + (value?.ToString(CultureInfo.InvariantCulture) ?? "inf"), a, b);
                }
            }

            yield break;
        }

        var count = Math.Min(baseline.Runs.Count, candidate.Runs.Count);
        for (var i = 0; i < count; i++)
        {
            yield return (count == 1 ? "run" : $"run {i + 1}", baseline.Runs[i], candidate.Runs[i]);
        }
    }
}
