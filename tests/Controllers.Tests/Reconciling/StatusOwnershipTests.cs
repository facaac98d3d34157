using k8s.Models;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Reconciling;

public sealed class StatusOwnershipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LLMDeploymentStatus Full() => new()
    {
        ObservedGeneration = 3,
        Replicas = 2,
        ReadyReplicas = 1,
        DesiredReplicas = 4,
        Selector = "a=b",
        Endpoint = "http://x/v1",
        Conditions =
        [
            new V1Condition { Type = ConditionTypes.SloMet, Status = "True", Reason = "WithinSlo", LastTransitionTime = T0.UtcDateTime },
            new V1Condition { Type = ConditionTypes.Ready, Status = "False", Reason = "NotReady", LastTransitionTime = T0.UtcDateTime },
            new V1Condition { Type = ConditionTypes.Degraded, Status = "False", Reason = "AsExpected", LastTransitionTime = T0.UtcDateTime },
        ],
        Tuning = new TuningStatus { MaxBatchSize = 8 },
        Observed = new ObservedStatus { Queue = 2 },
        LastScale = new LastScaleStatus { Time = T0, From = 2, To = 4, Reason = "demand" },
        Engine = new EngineStatus { Quantization = "fp8", KvCacheDtype = "bf16", Pod = "p", ObservedGeneration = 3 },
    };

    [Fact]
    public void The_two_parts_are_disjoint_and_together_hold_every_field()
    {
        var reconciler = StatusOwnership.Part(Full(), StatusOwner.Reconciler);
        var slo = StatusOwnership.Part(Full(), StatusOwner.SloController);

        reconciler.Select(p => p.Key).Should().BeEquivalentTo("observedGeneration", "replicas", "readyReplicas", "selector", "endpoint", "conditions");
        slo.Select(p => p.Key).Should().BeEquivalentTo("desiredReplicas", "tuning", "observed", "lastScale", "engine", "conditions");
        reconciler["conditions"]!.AsArray().Select(c => (string)c!["type"]!).Should().Equal(ConditionTypes.Degraded, ConditionTypes.Ready);
        slo["conditions"]!.AsArray().Select(c => (string)c!["type"]!).Should().Equal(ConditionTypes.SloMet);
        ((int)slo["desiredReplicas"]!).Should().Be(4);
        ((long)reconciler["observedGeneration"]!).Should().Be(3);
    }

    [Fact]
    public void A_part_leaves_out_null_fields_and_conditions_it_does_not_own()
    {
        var slo = StatusOwnership.Part(new LLMDeploymentStatus { Replicas = 1, Conditions = [new V1Condition { Type = ConditionTypes.Ready, Status = "True" }] }, StatusOwner.SloController);

        slo.Should().BeEmpty();
    }

    [Fact]
    public void A_change_in_one_owners_fields_is_a_write_for_that_owner_only()
    {
        var changed = Full();
        changed.Tuning = new TuningStatus { MaxBatchSize = 16 };

        StatusOwnership.Differs(Full(), changed, StatusOwner.SloController).Should().BeTrue();
        StatusOwnership.Differs(Full(), changed, StatusOwner.Reconciler).Should().BeFalse();
    }

    [Fact]
    public void Condition_order_is_not_a_change()
    {
        var reordered = Full();
        reordered.Conditions!.Reverse();

        StatusOwnership.Differs(Full(), reordered, StatusOwner.Reconciler).Should().BeFalse();
        StatusOwnership.Differs(Full(), reordered, StatusOwner.SloController).Should().BeFalse();
    }

    [Fact]
    public void Each_owner_has_its_own_field_manager()
    {
        StatusOwnership.FieldManager("sluice-operator", StatusOwner.Reconciler).Should().Be("sluice-operator");
        StatusOwnership.FieldManager("sluice-operator", StatusOwner.SloController).Should().Be("sluice-operator-slo");
    }
}
