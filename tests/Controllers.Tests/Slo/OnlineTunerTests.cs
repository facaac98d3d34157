using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

public class OnlineTunerTests
{
    private static readonly SloTargets Targets = new(TtftSeconds: 1.0, TpotSeconds: 0.005, Percentile: 95);
    private static readonly LeverBounds Auto = new(1, 256, 0.25, null);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SloSignals Tpot(double seconds) => new(0.1, seconds, 3, 0, RequestsWaiting: 1, RequestsRunning: 1);

    [Theory]
    // A breach at batch B remembers B: steps up stop at B − 1 for the 5-minute probe interval, then may reach B again.
    // Batch 1 breached: B − 1 = 0 is below the current batch, so the batch holds at 1 (it never steps "up" to 0).
    // TPOT here is a tenth of its limit, so each step up doubles: after the interval 3 → 6 (one step from B − 1).
    [InlineData(1, 3, 1)]
    [InlineData(1, 15, 2)]
    [InlineData(4, 3, 3)]
    [InlineData(4, 15, 6)]
    public void A_step_up_after_a_breach_stops_below_the_breached_level_and_never_lowers_the_batch(int breachedBatch, int periodsOf20Seconds, int expected)
    {
        var tuner = new OnlineTuner(TunerSettings.Default);

        // Breach at the current batch: down to max(1, min(B − 1, floor(0.7 B))).
        var afterBreach = tuner.Next(new TuningPoint(breachedBatch, null), Targets, Tpot(0.012), Auto, T0).Point.MaxBatchSize;
        afterBreach.Should().Be(Math.Max(1, Math.Min(breachedBatch - 1, (int)Math.Floor(breachedBatch * 0.7))));

        // Then TPOT is far under the limit with requests waiting, one period every 20 s (past the 15 s cooldown).
        var point = new TuningPoint(afterBreach, null);
        for (var i = 1; i <= periodsOf20Seconds; i++)
        {
            point = tuner.Next(point, Targets, Tpot(0.001), Auto, T0.AddSeconds(20 * i)).Point;
            point.MaxBatchSize.Should().BeGreaterThanOrEqualTo(1, "a batch size below 1 is invalid (the engine answers 400)");
        }

        point.MaxBatchSize.Should().Be(expected);
    }
}
