using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

public class OnlineTunerSimulationTests
{
    private static readonly SloTargets Targets = new(TtftSeconds: 1.0, TpotSeconds: 0.020, Percentile: 95);
    private static readonly LeverBounds Auto = new(1, 256, 0.1, null);
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the tuner against the model for <paramref name="periods"/> periods; returns the point after each.</summary>
    private static List<TuningPoint> Simulate(TuningPoint start, double demandPerSecond, int periods, double noise, LeverBounds bounds)
    {
        var model = new SeedLatencyModel(noise, seed: 42);
        var tuner = new OnlineTuner(TunerSettings.Default);
        var point = start;
        var history = new List<TuningPoint>();
        for (var i = 0; i < periods; i++)
        {
            var admitted = Math.Min(demandPerSecond, point.MaxRequestRatePerSecond ?? double.MaxValue);
            var signals = new SloSignals(
                model.TtftSeconds(admitted),
                model.TpotSeconds(point.MaxBatchSize),
                demandPerSecond,
                RejectedRatePerSecond: demandPerSecond - admitted,
                RequestsWaiting: 0,
                RequestsRunning: point.MaxBatchSize);
            point = tuner.Next(point, Targets, signals, bounds, T0 + (Period * i)).Point;
            history.Add(point);
        }

        return history;
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(1)]
    public void Batch_converges_to_the_largest_size_meeting_tpot_within_40_periods(int startBatch)
    {
        var history = Simulate(new TuningPoint(startBatch, null), demandPerSecond: 3, periods: 200, noise: 0.02, Auto);

        // From 64, seven cuts of × 0.7, each once the 20 s window holds only steps at the current batch: 140 s.
        history[40].MaxBatchSize.Should().Be(4, "8 ms + 2.5 ms × 4 = 18 ms is the largest batch under 20 ms");
        var settled = history.Skip(40).ToList();
        settled.Count(p => p.MaxBatchSize == 4).Should().BeGreaterThanOrEqualTo((int)(settled.Count * 0.85), "re-probing a breached level happens at most every 5 minutes");
        settled.Max(p => p.MaxBatchSize).Should().BeLessThanOrEqualTo(5);
    }

    [Fact]
    public void Rate_converges_near_the_ttft_optimum_and_then_holds()
    {
        var history = Simulate(new TuningPoint(4, null), demandPerSecond: 10, periods: 200, noise: 0.03, Auto);

        var rates = history.Skip(40).Select(p => p.MaxRequestRatePerSecond!.Value).ToList();
        rates.Count(r => r is >= 5.5 and <= SeedLatencyModel.OptimalRatePerSecond).Should().BeGreaterThanOrEqualTo((int)(rates.Count * 0.85));
        rates.Should().OnlyContain(r => r <= SeedLatencyModel.OptimalRatePerSecond + 0.3);
    }

    [Fact]
    public void User_fixed_levers_never_move_and_auto_bounds_hold()
    {
        var fixedBatch = new LeverBounds(16, 16, 2, 2);
        Simulate(new TuningPoint(16, 2), demandPerSecond: 10, periods: 50, noise: 0, fixedBatch)
            .Should().OnlyContain(p => p.MaxBatchSize == 16 && p.MaxRequestRatePerSecond == 2);

        var capped = new LeverBounds(1, 3, 0.1, 5);
        Simulate(new TuningPoint(1, 1), demandPerSecond: 10, periods: 100, noise: 0, capped)
            .Should().OnlyContain(p => p.MaxBatchSize <= 3 && p.MaxRequestRatePerSecond <= 5);
    }

    [Fact]
    public void No_step_up_without_queued_demand_and_reasons_carry_numbers()
    {
        var tuner = new OnlineTuner(TunerSettings.Default);
        var idle = new SloSignals(0.3, 0.010, 1, 0, RequestsWaiting: 0, RequestsRunning: 1);
        tuner.Next(new TuningPoint(4, 5), Targets, idle, Auto, T0).Changed.Should().BeFalse();

        var breach = new SloSignals(0.3, 0.031, 1, 0, 0, 4);
        var decision = tuner.Next(new TuningPoint(8, 5), Targets, breach, Auto, T0);
        decision.Point.MaxBatchSize.Should().Be(5);
        decision.Reasons.Should().ContainSingle().Which.Should().Contain("31ms").And.Contain("20ms").And.Contain("8 → 5");
    }

    [Fact]
    public void Cooldown_spaces_changes_of_one_lever()
    {
        var tuner = new OnlineTuner(TunerSettings.Default);
        var breach = new SloSignals(0.3, 0.05, 1, 0, 0, 4);
        var first = tuner.Next(new TuningPoint(32, null), Targets, breach, Auto, T0).Point;
        var tooSoon = tuner.Next(first, Targets, breach, Auto, T0 + TimeSpan.FromSeconds(5)).Point;
        var windowNotClean = tuner.Next(first, Targets, breach, Auto, T0 + TimeSpan.FromSeconds(15)).Point;
        var later = tuner.Next(first, Targets, breach, Auto, T0 + TimeSpan.FromSeconds(20)).Point;

        first.MaxBatchSize.Should().Be(22);
        tooSoon.MaxBatchSize.Should().Be(22);
        windowNotClean.MaxBatchSize.Should().Be(22, "past the cooldown, but the 20 s window still holds steps at batch 32 (the H200's S1 cut 15 → 10 on such a window)");
        later.MaxBatchSize.Should().Be(15);
    }
}
