using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

public class ProfileAnalysisTests
{
    private static readonly CurvePoint[] BatchSweep =
    [
        new(1, null, 0.1, 0.0105, 95), new(2, null, 0.1, 0.013, 150), new(4, null, 0.1, 0.018, 220),
        new(8, null, 0.1, 0.028, 280), new(16, null, 0.1, 0.048, 330),
    ];

    [Theory]
    [InlineData(0.020, 0.05, 4, true)]
    [InlineData(0.020, 0.15, 2, true)]
    [InlineData(0.030, 0.0, 8, true)]
    [InlineData(0.005, 0.05, 1, false)]
    public void Batch_is_the_largest_under_the_limit_with_margin(double limit, double margin, int expected, bool meets)
    {
        ProfileAnalysis.ChooseBatchSize(BatchSweep, limit, margin).Should().Be((expected, meets));
    }

    [Fact]
    public void Rate_is_the_largest_under_the_ttft_limit()
    {
        CurvePoint[] rates = [new(4, 2, 0.3, 0.02, 0), new(4, 4, 0.5, 0.02, 0), new(4, 6, 0.92, 0.02, 0), new(4, 8, 5, 0.02, 0)];
        ProfileAnalysis.ChooseRequestRate(rates, 1.0, 0.1).Should().Be(((double?)4.0, true));
        ProfileAnalysis.ChooseRequestRate(rates, 1.0, 0.0).Should().Be(((double?)6.0, true));
        ProfileAnalysis.ChooseRequestRate(rates, 0.1, 0.0).Should().Be(((double?)2.0, false));
        ((Action)(() => ProfileAnalysis.ChooseBatchSize([], 1, 0))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_rate_whose_queue_grows_fails_though_its_short_run_kept_ttft_low()
    {
        // The first GPU sweep: 9.1 req/s kept TTFT p95 at 70 ms for 2.5 s, yet the replica completed 7.
        CurvePoint[] rates = [new(16, 6.5, 0.06, 0.01, 0, ProjectedTtftSeconds: 0.08), new(16, 9.1, 0.07, 0.01, 0, ProjectedTtftSeconds: 2.4, CompletedPerSecond: 7)];

        ProfileAnalysis.ChooseRequestRate(rates, 1.0, 0.1).Should().Be(((double?)6.5, true));
    }

    [Fact]
    public void No_failed_rate_caps_the_lever_at_the_largest_rate_measured()
    {
        CurvePoint[] rates = [new(16, 9, 0.5, 0.01, 0, ProjectedTtftSeconds: 3), new(16, 11.25, 1.2, 0.01, 0, ProjectedTtftSeconds: 9)];

        ProfileAnalysis.ChooseRequestRate(rates, 60, 0.1).Should().Be(((double?)11.25, true));
    }

    [Theory]
    // Nothing failed: 1.25 × past the first rate, then stop (the lever is capped at the largest).
    [InlineData(new[] { 9.0 }, new double[0], 0, 11.25)]
    [InlineData(new[] { 9.0, 11.25 }, new double[0], 0, null)]
    // Only a failure: 95 % of what it completed (7 req/s), or 85 % of its rate when it completed about as many as offered.
    [InlineData(new double[0], new[] { 9.1 }, 7.0, 6.65)]
    [InlineData(new double[0], new[] { 9.1 }, 9.0, 7.735)]
    // Held and failed over 10 % apart: the middle; closer: stop.
    [InlineData(new[] { 6.65 }, new[] { 9.1 }, 7.0, 7.875)]
    [InlineData(new[] { 8.5 }, new[] { 9.1 }, 7.0, null)]
    public void The_next_rate_point_homes_in_on_the_largest_holding_rate(double[] held, double[] failed, double completed, double? expected)
    {
        var points = held.Select(r => new CurvePoint(16, r, 0.1, 0.01, 0, ProjectedTtftSeconds: 0.2))
            .Concat(failed.Select(r => new CurvePoint(16, r, 0.1, 0.01, 0, ProjectedTtftSeconds: 3, CompletedPerSecond: completed))).ToList();

        ProfileAnalysis.NextRequestRate(points, 1.0, 0.1).Should().Be(expected);
    }

    [Theory]
    // The H200's S2 sweep: 7.592 held at a closed-loop rate of 8.93 req/s; 1.25 × would be 9.49, past what the replica completes.
    [InlineData(new[] { 7.592 }, 8.93, 8.484)]
    // A closed-loop rate far above: the 1.25 × step.
    [InlineData(new[] { 7.592 }, 20.0, 9.49)]
    // Already at 95 % of the closed loop: no step left, stop.
    [InlineData(new[] { 8.48 }, 8.93, null)]
    public void The_rate_sweep_never_offers_more_than_the_closed_loop_completed(double[] held, double closedLoop, double? expected)
    {
        var points = held.Select(r => new CurvePoint(16, r, 0.1, 0.01, 0, ProjectedTtftSeconds: 0.2)).ToList();

        ProfileAnalysis.NextRequestRate(points, 1.0, 0.1, closedLoop).Should().Be(expected);
    }
}
