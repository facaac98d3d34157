using Sluice.Bench.Results;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Results;

public class SummaryCalculatorTests
{
    [Fact]
    public void Throughput_divides_ok_work_by_start_to_last_end()
    {
        RequestRecord[] records =
        [
            Records.Ok(0, 0, 0.1, 1.0, outputTokens: 10, inputTokens: 100),
            Records.Ok(1, 0.5, 0.2, 2.0, outputTokens: 30, inputTokens: 100), // ends at 2.5
            Records.Failed(2, 1.0, "429", 429),
        ];

        var s = SummaryCalculator.Summarize(records, new SloSpec());

        s.DurationSeconds.Should().Be(2.5);
        s.RequestThroughputPerSecond.Should().Be(2 / 2.5);
        s.OutputTokenThroughputPerSecond.Should().Be(40 / 2.5);
        s.TotalTokenThroughputPerSecond.Should().Be(240 / 2.5);
        s.MeanConcurrency.Should().BeApproximately(3.01 / 2.5, 1e-12);
        s.ErrorsByKind.Should().Equal(new Dictionary<string, int> { ["429"] = 1 });
        s.GoodputRequestsPerSecond.Should().BeNull("no SLO was given");
        s.E2e.Count.Should().Be(2, "failed requests are not in the latency statistics");
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(0.15, null, 2)] // TTFT: requests 0 and 2
    [InlineData(null, 0.03, 2)] // TPOT: request 0, and request 2 has no TPOT
    [InlineData(null, 0.06, 3)]
    [InlineData(0.15, 0.03, 2)]
    [InlineData(0.01, null, 0)]
    public void Goodput_counts_ok_requests_meeting_every_set_limit(double? ttftSeconds, double? tpotSeconds, int? expectedMet)
    {
        RequestRecord[] records =
        [
            Records.Ok(0, 0, 0.1, 0.28, outputTokens: 10),  // TPOT 0.02
            Records.Ok(1, 0, 0.2, 0.65, outputTokens: 10),  // TPOT 0.05
            Records.Ok(2, 0, 0.05, 0.05, outputTokens: 1),  // no TPOT
            Records.Failed(3, 0, "500", 500),
        ];

        var s = SummaryCalculator.Summarize(records, new SloSpec { TtftSeconds = ttftSeconds, TpotSeconds = tpotSeconds });

        s.SloMetRequests.Should().Be(expectedMet);
        s.SloAttainment.Should().Be(expectedMet is { } met ? met / 4.0 : null);
        s.GoodputRequestsPerSecond.Should().Be(expectedMet is { } m ? m / s.DurationSeconds : null);
    }

    [Fact]
    public void No_records_gives_zeros_not_nan()
    {
        var s = SummaryCalculator.Summarize([], new SloSpec { TtftSeconds = 1 });

        s.DurationSeconds.Should().Be(0);
        s.RequestThroughputPerSecond.Should().Be(0);
        s.GoodputRequestsPerSecond.Should().Be(0);
        s.SloAttainment.Should().BeNull();
        s.Ttft.P50.Should().BeNull();
    }

    [Fact]
    public void Itl_pools_every_gap_of_every_ok_request()
    {
        RequestRecord[] records =
        [
            Records.Ok(0, 0, 0.1, 0.4, 4, 10, 0.1, 0.1, 0.1),
            Records.Ok(1, 0, 0.1, 0.2, 2, 10, 0.1),
        ];

        var s = SummaryCalculator.Summarize(records, new SloSpec());

        s.Itl.Count.Should().Be(4);
        s.Itl.P99.Should().BeApproximately(0.1, 1e-12);
    }
}
