using Sluice.Bench.Results;
using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

public class RatePointMeasureTests
{
    /// <summary>A point of <paramref name="seconds"/> at <paramref name="rate"/> req/s; request i waits i × wait growth (a queue growing) plus 50 ms.</summary>
    private static List<RequestRecord> Point(double rate, double seconds, double waitGrowthPerRequest, double e2eSeconds = 2.5) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => new RequestRecord
        {
            Index = i,
            StartSeconds = i / rate,
            Ok = true,
            TtftSeconds = 0.05 + (i * waitGrowthPerRequest),
            E2eSeconds = e2eSeconds + (i * waitGrowthPerRequest),
            TpotSeconds = 0.015,
            OutputTokens = 128,
        }).ToList();

    [Fact]
    public void A_short_overloaded_point_with_low_ttft_is_projected_past_the_limit()
    {
        // 9.1 req/s for 2.5 s: 22 requests, each waiting 40 ms longer than the one before (TTFT p95 ≈ 0.85 s, growing 0.36 s per second).
        var m = RatePointMeasure.Of(Point(9.1, 2.5, 0.04), 2.5, 95)!;

        m.TtftSeconds.Should().BeLessThan(1);
        m.ProjectedTtftSeconds.Should().BeApproximately(m.TtftSeconds + (0.04 * 9.1 * 2.5), 1e-6);
        m.ProjectedTtftSeconds.Should().BeGreaterThan(1.5);
    }

    [Fact]
    public void A_steady_point_projects_its_own_percentile_and_counts_what_completed_while_it_sent()
    {
        var m = RatePointMeasure.Of(Point(6, 8, 0), 8, 95)!;

        m.ProjectedTtftSeconds.Should().Be(m.TtftSeconds);
        m.TtftSeconds.Should().BeApproximately(0.05, 1e-9);
        // Requests sent from 1.5 s to 5.5 s end in (4, 8]: 24 of them over 4 s.
        m.CompletedPerSecond.Should().BeApproximately(6, 0.3);
        m.OutputTokensPerSecond.Should().BeApproximately(m.CompletedPerSecond * 128, 1e-9);
    }

    [Fact]
    public void No_succeeded_request_measures_nothing()
    {
        RatePointMeasure.Of([new RequestRecord { Index = 0, StartSeconds = 0, Ok = false, StatusCode = 429, E2eSeconds = 0.01 }], 5, 95).Should().BeNull();
    }
}
