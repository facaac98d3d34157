using Sluice.Bench.Results;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Results;

public class ResultsComparisonTests
{
    [Fact]
    public void Ratios_are_candidate_over_baseline()
    {
        var a = Single(SampleResults.Run(LoadMode.ClosedLoop, 4, null, 0.2, 1.0, 100));
        var b = Single(SampleResults.Run(LoadMode.ClosedLoop, 4, null, 0.1, 0.5, 100));

        var rows = ResultsComparison.Compare(a, b);

        Row(rows, "run", "output throughput (tok/s)").Should().Be(new ComparisonRow("run", "output throughput (tok/s)", 100, 200, 2));
        Row(rows, "run", "TTFT p50 (ms)").Ratio.Should().Be(0.5);
        Row(rows, "run", "failed requests").Ratio.Should().BeNull("the baseline is 0");
        Row(rows, "run", "goodput (req/s)").Baseline.Should().BeNull("no SLO was set");
        rows.Should().HaveCount(ResultsComparison.Metrics.Count);
    }

    [Fact]
    public void Sweeps_pair_runs_by_axis_value()
    {
        var a = SampleResults.ConcurrencySweep([1, 2, 4]);
        var b = SampleResults.ConcurrencySweep([2, 4, 8]);

        var rows = ResultsComparison.Compare(a, b);

        rows.Select(r => r.Point).Distinct().Should().Equal("users=2", "users=4");
        Row(rows, "users=4", "TTFT p95 (ms)").Ratio.Should().BeApproximately(1, 1e-12);
    }

    private static ResultsFile Single(RunResult run) =>
        new() { Kind = ResultsKind.Run, CreatedAtUtc = DateTimeOffset.UnixEpoch, Runs = [run] };

    private static ComparisonRow Row(IReadOnlyList<ComparisonRow> rows, string point, string metric) =>
        rows.Single(r => r.Point == point && r.Metric == metric);
}
