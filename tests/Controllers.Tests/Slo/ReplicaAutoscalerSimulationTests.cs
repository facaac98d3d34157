using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

public class ReplicaAutoscalerSimulationTests
{
    private const double PerReplicaRate = 6;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ScalingSettings Settings = new(1, 20, 0.8, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), Paused: false);

    /// <summary>
    /// One simulated second at a time: arrivals follow <paramref name="demandAt"/>; every 5 s the autoscaler
    /// sees the mean rate of the last 10 s (what a short scrape window measures). Returns the count per second.
    /// </summary>
    private static int[] Simulate(Func<int, double> demandAt, int seconds, int startReplicas, ScalingSettings settings)
    {
        var scaler = new ReplicaAutoscaler();
        var replicas = startReplicas;
        var arrivals = new double[seconds];
        var counts = new int[seconds];
        for (var t = 0; t < seconds; t++)
        {
            arrivals[t] = demandAt(t);
            if (t > 0 && t % 5 == 0)
            {
                var measured = arrivals.Skip(Math.Max(0, t - 10)).Take(Math.Min(10, t)).Average();
                if (scaler.Decide(replicas, measured, PerReplicaRate, false, settings, T0.AddSeconds(t)) is { } decision)
                {
                    decision.From.Should().Be(replicas);
                    replicas = decision.To;
                }
            }

            counts[t] = replicas;
        }

        return counts;
    }

    [Fact]
    public void A_threefold_load_step_reaches_the_right_count_within_15_seconds()
    {
        // 6 req/s needs ceil(6 / 4.8) = 2 replicas; 18 req/s needs ceil(18 / 4.8) = 4.
        var counts = Simulate(t => t < 120 ? 6 : 18, seconds: 300, startReplicas: 2, Settings);

        counts[119].Should().Be(2);
        counts[120 + 15].Should().Be(4);
        counts.Skip(135).Should().OnlyContain(c => c == 4);
    }

    [Fact]
    public void Twenty_percent_noise_does_not_make_the_count_flap()
    {
        var random = new Random(3);
        var counts = Simulate(_ => 10 * (0.8 + (0.4 * random.NextDouble())), seconds: 1200, startReplicas: 1, Settings);

        var changesAfterWarmup = counts.Skip(30).Zip(counts.Skip(31)).Count(p => p.First != p.Second);
        changesAfterWarmup.Should().Be(0);
        counts[^1].Should().BeInRange(3, 3, "12 req/s peaks need ceil(12 / 4.8) = 3 replicas, kept until demand stays lower");
    }

    [Fact]
    public void Scale_down_waits_for_the_delay_then_goes_one_replica_at_a_time()
    {
        var counts = Simulate(t => t < 60 ? 18 : 1, seconds: 600, startReplicas: 4, Settings);

        counts[60 + 110].Should().Be(4, "demand must stay low for the 2 minute delay");
        var downSteps = counts.Zip(counts.Skip(1)).Where(p => p.Second < p.First).ToList();
        downSteps.Should().OnlyContain(p => p.First - p.Second == 1);
        counts[^1].Should().Be(1);
    }

    [Fact]
    public void Paused_freezes_and_bounds_clamp()
    {
        var paused = Settings with { Paused = true };
        Simulate(_ => 50, seconds: 60, startReplicas: 2, paused).Should().OnlyContain(c => c == 2);

        var bounded = Settings with { MinReplicas = 2, MaxReplicas = 3 };
        var counts = Simulate(_ => 50, seconds: 60, startReplicas: 5, bounded);
        counts[^1].Should().Be(3);
    }

    [Fact]
    public void Ttft_breach_while_queueing_adds_a_replica_and_says_why()
    {
        var decision = new ReplicaAutoscaler().Decide(2, demandRatePerSecond: 5, PerReplicaRate, ttftBreachedWhileQueueing: true, Settings, T0);

        decision.Should().NotBeNull();
        decision!.To.Should().Be(3);
        decision.Reason.Should().Contain("TTFT");
    }
}
