using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

/// <summary>The rate lever against a replica with a real queue (<see cref="QueueingReplica"/>): capacity 8 req/s, 12 req/s offered.</summary>
public class RateControlSimulationTests
{
    private const double Capacity = 8;
    private static readonly SloTargets Targets = new(TtftSeconds: 1.0, TpotSeconds: 1.0, Percentile: 95);

    [Theory]
    // 9.1 req/s is what the first GPU sweep chose; the old ×0.7 cuts took it to 6.37, 4.46 and 3.12 req/s (0.8, 0.56, 0.39 of capacity).
    [InlineData(9.1, 1, 0.95)]
    [InlineData(9.1, 2, 0.95)]
    [InlineData(11.0, 3, 0.95)]
    // From below, the additive probe passes capacity once before a cut measures it.
    [InlineData(6.0, 4, 0.85)]
    public void A_rate_above_or_below_capacity_settles_within_ten_percent_of_it_without_overshooting(double startRate, int seed, double attainment)
    {
        var replica = new QueueingReplica(Capacity, seed);
        var periods = replica.Run(new OnlineTuner(TunerSettings.Default), new TuningPoint(QueueingReplica.Slots, startRate), offeredPerSecond: 12, seconds: 300, Targets);

        periods.Where(p => p.TimeSeconds >= 60).Should().OnlyContain(p => p.RatePerSecond >= 0.85 * Capacity && p.RatePerSecond <= 1.1 * Capacity,
            "from 60 s on the lever stays within 15 % below and 10 % above the 8 req/s the replica completes");
        periods.Should().OnlyContain(p => p.RatePerSecond >= Math.Min(startRate, 0.85 * Capacity), "no cut goes below 6.8 req/s (a queue that stays late cuts × 0.95 once per window)");
        replica.CompletedPerSecond(60, 300).Should().BeGreaterThanOrEqualTo(0.9 * Capacity);
        replica.WithinTtft(120, 300, Targets.TtftSeconds).Should().BeGreaterThanOrEqualTo(attainment);
    }

    [Fact]
    public void An_unlimited_lever_over_a_growing_queue_is_capped_near_capacity_once_the_queue_shows_it()
    {
        var replica = new QueueingReplica(Capacity, seed: 5);
        var periods = replica.Run(new OnlineTuner(TunerSettings.Default), new TuningPoint(QueueingReplica.Slots, null), offeredPerSecond: 12, seconds: 300, Targets);

        var first = periods.First(p => p.RatePerSecond is not null);
        first.TimeSeconds.Should().BeLessThanOrEqualTo(15);
        first.RatePerSecond.Should().BeInRange(0.9 * Capacity, Capacity);
        periods.Where(p => p.TimeSeconds >= 90).Should().OnlyContain(p => p.RatePerSecond >= 0.85 * Capacity && p.RatePerSecond <= 1.1 * Capacity);
        replica.WithinTtft(120, 300, Targets.TtftSeconds).Should().BeGreaterThanOrEqualTo(0.95);
    }
}
