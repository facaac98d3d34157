using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.SloControl;

public class SloStatusUpdateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SloTargets Targets = new(0.5, 0.02, 95);

    private static LLMDeploymentStatus Current() => new()
    {
        Replicas = 2,
        ReadyReplicas = 2,
        Endpoint = "http://x.ns.svc:8000/v1",
        Tuning = new TuningStatus { MaxBatchSize = 8, Curve = [new TuningCurvePoint { MaxBatchSize = 4, TpotSeconds = 0.018 }] },
    };

    private static SloControlResult Result(double? ttft, double? tpot, ScaleDecision? scale = null) => new(
        new ObservedSlo(ttft, tpot, 12.345678, 300, 3, 0.9, 0.5),
        new TuningPoint(5, 6.5),
        [],
        scale,
        []);

    [Theory]
    [InlineData(0.3, 0.015, "True", SloStatusUpdate.SloMetReason)]
    [InlineData(0.3, 0.05, "False", SloStatusUpdate.SloBreachedReason)]
    [InlineData(0.9, 0.015, "False", SloStatusUpdate.SloBreachedReason)]
    public void Observed_tuning_and_slo_met_are_written_and_the_rest_is_carried_over(double ttft, double tpot, string met, string reason)
    {
        var current = Current();

        var next = SloStatusUpdate.Apply(current, Result(ttft, tpot), Targets, 2, 7, T0);

        next.Observed!.TtftSeconds.Should().Be(ttft);
        next.Observed.TpotSeconds.Should().Be(tpot);
        next.Observed.RequestRate.Should().Be(12.3457, "status numbers are rounded to 4 decimals");
        next.Observed.Queue.Should().Be(3);
        next.Observed.SloAttainment.Should().Be(0.9);
        (next.Tuning!.MaxBatchSize, next.Tuning.MaxRequestRate).Should().Be((5, 6.5));
        next.Tuning.Curve.Should().ContainSingle().Which.TpotSeconds.Should().Be(0.018);
        var condition = ConditionSet.Find(next.Conditions, ConditionTypes.SloMet)!;
        (condition.Status, condition.Reason, condition.ObservedGeneration).Should().Be((met, reason, 7L));
        condition.Message.Should().Contain("limit 500 ms").And.Contain("limit 20 ms");
        (next.Replicas, next.Endpoint, next.DesiredReplicas, next.LastScale).Should().Be((2, "http://x.ns.svc:8000/v1", 2, null));
        current.Observed.Should().BeNull("the input status is not modified");
        current.Tuning!.MaxBatchSize.Should().Be(8);
    }

    [Fact]
    public void Without_finished_requests_slo_met_is_left_alone()
    {
        var next = SloStatusUpdate.Apply(Current(), Result(null, null), Targets, 2, 1, T0);

        ConditionSet.Find(next.Conditions, ConditionTypes.SloMet).Should().BeNull();
        next.Observed!.TtftSeconds.Should().BeNull();
    }

    [Fact]
    public void A_scale_decision_sets_desired_replicas_and_last_scale()
    {
        var next = SloStatusUpdate.Apply(Current(), Result(0.3, 0.01, new ScaleDecision(2, 4, "demand 18 req/s")), Targets, 2, 1, T0);

        next.DesiredReplicas.Should().Be(4);
        next.LastScale.Should().BeEquivalentTo(new LastScaleStatus { Time = T0, From = 2, To = 4, Reason = "demand 18 req/s" });
    }

    [Fact]
    public void The_same_period_twice_gives_no_status_change()
    {
        var once = SloStatusUpdate.Apply(Current(), Result(0.3, 0.01), Targets, 2, 1, T0);
        var twice = SloStatusUpdate.Apply(once, Result(0.3, 0.01), Targets, 2, 1, T0.AddSeconds(5));

        StatusOwnership.Differs(once, twice, StatusOwner.SloController).Should().BeFalse();
    }

    [Fact]
    public void Engine_report_is_written_when_given_and_kept_when_not()
    {
        var current = Current();
        current.Engine = new EngineStatus { Quantization = "none", KvCacheDtype = "bf16", Pod = "a", ObservedGeneration = 1 };
        var reported = new EngineStatus { Quantization = "fp8", KvCacheDtype = "fp8", Pod = "b", ObservedGeneration = 2 };

        var kept = SloStatusUpdate.Apply(current, Result(0.3, 0.01), Targets, 2, 2, T0);
        var written = SloStatusUpdate.Apply(current, Result(0.3, 0.01), Targets, 2, 2, T0, reported);

        kept.Engine.Should().BeEquivalentTo(current.Engine);
        written.Engine.Should().BeEquivalentTo(reported);
        current.Engine.Quantization.Should().Be("none", "the input is never modified");
    }
}
