using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.SloControl;

public class ProfiledCapacityTests
{
    private static readonly SloTargets Targets = new(1.0, 0.02, 95);

    private static TuningCurvePoint Batch(int batch, double tokensPerSecond, double tpot) =>
        new() { MaxBatchSize = batch, TokensPerSecond = tokensPerSecond, TtftSeconds = 0.2, TpotSeconds = tpot };

    private static TuningCurvePoint Rate(int batch, double rate, double ttft, double tpot = 0.015) =>
        new() { MaxBatchSize = batch, RequestRate = rate, TokensPerSecond = rate * 128, TtftSeconds = ttft, TpotSeconds = tpot };

    [Fact]
    public void The_largest_rate_within_both_limits_at_the_tuned_batch_is_the_capacity()
    {
        var tuning = new TuningStatus
        {
            MaxBatchSize = 16,
            Curve = [Batch(8, 500, 0.012), Batch(16, 825, 0.018), Rate(16, 3.2, 0.4), Rate(16, 4.5, 0.8), Rate(16, 5.5, 2.1), Rate(8, 9, 0.1)],
        };

        ProfiledCapacity.RatePerReplica(tuning, Targets, 128).Should().Be(4.5, "5.5 req/s missed TTFT and the 8-batch point is not the tuned batch");
    }

    [Fact]
    public void Without_a_rate_point_the_closed_loop_throughput_at_the_tuned_batch_counts_in_requests()
    {
        var tuning = new TuningStatus { MaxBatchSize = 16, Curve = [Batch(8, 500, 0.012), Batch(16, 825, 0.018), Rate(16, 6, 3.0)] };

        ProfiledCapacity.RatePerReplica(tuning, Targets, 128).Should().BeApproximately(825.0 / 128, 1e-9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void No_profile_or_no_qualifying_point_gives_no_capacity(bool withCurve)
    {
        var tuning = withCurve ? new TuningStatus { MaxBatchSize = 16, Curve = [Batch(16, 825, 0.05)] } : null;

        ProfiledCapacity.RatePerReplica(tuning, Targets, 128).Should().BeNull();
    }

    [Fact]
    public void A_rate_past_capacity_within_a_loose_ttft_limit_counts_what_the_replica_completed()
    {
        var loose = new SloTargets(60, 0.02, 95);
        var overloaded = new TuningCurvePoint { MaxBatchSize = 16, RequestRate = 11.25, TokensPerSecond = 7.5 * 128, TtftSeconds = 2.5, TpotSeconds = 0.016 };
        var tuning = new TuningStatus { MaxBatchSize = 16, Curve = [Batch(16, 9 * 128, 0.015), Rate(16, 9, 0.3), overloaded] };

        ProfiledCapacity.RatePerReplica(tuning, loose, 128).Should().BeApproximately(9, 1e-9, "11.25 req/s were offered but 7.5 completed");
    }

    [Fact]
    public void The_sweeps_own_result_gives_the_same_capacity()
    {
        var profile = new ProfileResult([new CurvePoint(16, null, 0.2, 0.015, 825), new CurvePoint(16, 4.5, 0.8, 0.015, 4.5 * 128)], new TuningPoint(16, 4.5), true);

        ProfiledCapacity.RatePerReplica(profile, Targets, 128).Should().Be(4.5);
    }
}
