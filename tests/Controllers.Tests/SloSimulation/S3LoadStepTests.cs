using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// S3 of the H200 study on the calibrated simulation: two engines sharing one GPU behind a round robin, TTFT p95 under 1 s,
/// Poisson arrivals at 5 req/s stepped to 15 req/s from 30 s to 60 s, a 30 s sweep of the first engine (the other idle) and
/// then 90 s of the loop; the scaler's decisions are recorded, never applied. Each engine serves about half of what the sweep
/// measured while both serve: the scaler has to plan with the capacity each engine shows.
/// </summary>
public class S3LoadStepTests
{
    private static readonly SloTargets Limits = new(TtftSeconds: 1, TpotSeconds: 1, Percentile: 95);
    private static readonly ScenarioSettings S3 = new(Limits, DurationSeconds: 90, Engines: 2, PoissonRatePerSecond: 5, Step: (3, 30, 60), ProfileSeconds: 30);

    [Fact]
    public async Task The_step_is_met_with_a_scale_up_sized_by_the_capacity_each_engine_shows()
    {
        var perEngine = await PerEngineCapacityAsync();
        var tuned = await ScenarioRunner.RunAsync(S3);
        var needed = (int)Math.Ceiling(15 / (perEngine * 0.8));
        var step = tuned.Samples.Where(s => s.TimeSeconds is >= 30 and < 60).ToList();

        tuned.FirstScale(30, to => to > 2).Should().NotBeNull().And.BeLessThanOrEqualTo(15, "a scale-up decision within three periods of the step");
        tuned.FirstScale(30, to => to >= needed).Should().NotBeNull().And.BeLessThanOrEqualTo(20, $"15 req/s over {perEngine:0.00} req/s per engine × 0.8 needs {needed}");
        step.Max(s => s.ScaleTo ?? 2).Should().BeLessThanOrEqualTo(needed + 1, "a per-engine rate read while the engines' batches still filled up overstates the need");
        step.Should().OnlyContain(s => s.Point.MaxRequestRatePerSecond >= 0.8 * perEngine, "the rate lever is cut to what an engine serves, not below it");
    }

    /// <summary>Requests per second one engine completes while both serve a backlog at batch 32.</summary>
    private static async Task<double> PerEngineCapacityAsync()
    {
        var run = await ScenarioRunner.RunAsync(S3 with { PoissonRatePerSecond = null, Step = null, BacklogUsers = 80, FixedBatchSize = 32, DurationSeconds = 60 });
        return run.Client(20, 60).Finished / 40.0 / 2;
    }
}
