using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// The simulated engine against what the H200 measured on 2026-12-03 (bench/results/nvidia-h200-2026-12-03-slo-tune, run B),
/// static levers, no control: the numbers the scenarios' outcomes hinge on, each within the tolerance the fit reaches.
/// </summary>
public class H200CalibrationTests
{
    private static readonly SloTargets S1Limits = new(TtftSeconds: 60, TpotSeconds: 0.020, Percentile: 95);
    private static readonly SloTargets S2Limits = new(TtftSeconds: 1, TpotSeconds: 1, Percentile: 95);

    [Theory]
    // Backlog of 40 users (s1-static-b14/16/20, the S2 run at capacity for batch 32): TPOT p95, ms.
    [InlineData(1, 5.7, 0.1)]
    [InlineData(16, 16.2, 0.1)]
    [InlineData(20, 20.1, 0.12)]
    [InlineData(32, 25.9, 0.05)]
    public async Task Tpot_under_a_backlog_grows_with_the_batch_as_measured(int batch, double measuredTpotMs, double tolerance)
    {
        var run = await ScenarioRunner.RunAsync(new ScenarioSettings(S1Limits, 60, BacklogUsers: 40, FixedBatchSize: batch));

        var steady = run.Client(20, 60);
        (steady.TpotSeconds!.Value * 1000).Should().BeApproximately(measuredTpotMs, measuredTpotMs * tolerance);
    }

    [Fact]
    public async Task Batch_32_completes_what_the_h200_completed_while_requests_queued()
    {
        // S2 of run B: 9.6 req/s (1228.8 output tok/s) while 12–16 requests waited.
        var run = await ScenarioRunner.RunAsync(new ScenarioSettings(S2Limits, 60, BacklogUsers: 40, FixedBatchSize: 32));

        (run.Client(20, 60).Finished / 40.0).Should().BeApproximately(9.6, 0.6);
    }

    [Theory]
    // s2-static-b32-r7 and -r8: Poisson 12 req/s offered, the rate lever at 7 or 8 req/s, 20 s from an empty queue: TTFT p95, s.
    [InlineData(7, 0.18)]
    [InlineData(8, 0.22)]
    public async Task Ttft_of_admitted_poisson_arrivals_below_capacity_is_as_measured(double rate, double measuredTtftSeconds)
    {
        var run = await ScenarioRunner.RunAsync(new ScenarioSettings(S2Limits, 20, PoissonRatePerSecond: 12, FixedBatchSize: 32, FixedRatePerSecond: rate));

        run.Whole.TtftSeconds!.Value.Should().BeApproximately(measuredTtftSeconds, 0.1);
        run.Whole.Refused.Should().BeGreaterThan(0);
    }
}
