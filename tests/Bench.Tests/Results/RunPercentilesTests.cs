using Sluice.Bench.Results;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Results;

public class RunPercentilesTests
{
    private static readonly RunResult Run = new()
    {
        Spec = new BenchmarkSpec { BaseUrl = new Uri("http://h"), Model = "m", NumRequests = 5 },
        StartedAtUtc = DateTimeOffset.UnixEpoch,
        Summary = SummaryCalculator.Summarize(Requests(), new SloSpec()),
        Requests = Requests(),
    };

    [Theory]
    [InlineData(LatencyMetric.Ttft, 0, 0.1)]
    [InlineData(LatencyMetric.Ttft, 75, 0.4)]
    [InlineData(LatencyMetric.Ttft, 80, 0.42)]  // sorted [0.1..0.5], rank 3.2: 0.4 + 0.2 · 0.1
    [InlineData(LatencyMetric.E2e, 100, 1.5)]
    [InlineData(LatencyMetric.Itl, 50, 0.01)]
    public void Any_percentile_comes_from_the_requests(LatencyMetric metric, double percentile, double expected)
    {
        RunPercentiles.Of(Run, metric, percentile).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Without_requests_only_the_summary_percentiles_are_available()
    {
        var slim = Run with { Requests = null };

        RunPercentiles.Of(slim, LatencyMetric.Ttft, 95).Should().Be(Run.Summary.Ttft.P95);
        ((Action)(() => RunPercentiles.Of(slim, LatencyMetric.Ttft, 97))).Should().Throw<ArgumentException>().WithMessage("*p97*");
    }

    private static List<Sluice.Bench.Results.RequestRecord> Requests() =>
    [
        .. new[] { 0.3, 0.1, 0.5, 0.2, 0.4 }.Select((ttft, i) => Records.Ok(i, 0, ttft, 1 + ttft, 3, 10, 0.01, 0.01)),
        Records.Failed(5, 0, "429", 429),
    ];
}
