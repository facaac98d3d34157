using k8s.Models;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Reconciling;

public class ReplicaOwnershipTests
{
    private static V1Deployment? Existing(int? replicas) => replicas is null ? null : new V1Deployment { Spec = new V1DeploymentSpec { Replicas = replicas } };

    [Theory]
    [InlineData(1, 5, false, 3, 2, 3)] // the SLO controller's decision wins over the current count
    [InlineData(1, 5, false, 9, 2, 5)] // clamped to max
    [InlineData(2, 5, false, null, 4, 4)] // no decision yet: keep the current count
    [InlineData(2, 5, false, null, null, 2)] // new Deployment: min
    [InlineData(1, 5, true, 3, 2, 2)] // paused freezes the current count
    [InlineData(3, 5, true, 1, 1, 3)] // paused still respects the bounds
    public void Desired_replicas_follow_status_desired_replicas_within_bounds(int min, int max, bool paused, int? desired, int? current, int expected)
    {
        var scaling = new ScalingSpec { MinReplicas = min, MaxReplicas = max, Paused = paused };
        var status = new LLMDeploymentStatus { DesiredReplicas = desired };

        LLMDeploymentReconciler.DesiredReplicas(scaling, status, Existing(current)).Should().Be(expected);
    }

    [Theory]
    [InlineData(4, 2, null, null, false, 4)] // someone set 4 while the operator wants 2
    [InlineData(2, 2, null, null, false, null)] // no difference
    [InlineData(2, 3, 2, 3, false, null)] // the operator's own scale 2 → 3 is still pending
    [InlineData(4, 3, 2, 3, false, 4)] // an edit after a scale decision
    [InlineData(9, 5, null, null, false, null)] // above max: a spec change moved the bounds
    [InlineData(4, 2, null, null, true, null)] // paused: the count is the user's
    public void A_manual_edit_is_a_count_the_operator_did_not_decide(int current, int desired, int? lastFrom, int? lastTo, bool paused, int? expected)
    {
        var scaling = new ScalingSpec { MinReplicas = 1, MaxReplicas = 6, Paused = paused };
        var status = new LLMDeploymentStatus
        {
            DesiredReplicas = desired,
            LastScale = lastFrom is null ? null : new LastScaleStatus { From = lastFrom, To = lastTo },
        };

        ReplicaOwnership.IsManualEdit(scaling, status, Existing(current), desired).Should().Be(expected);
    }

    [Fact]
    public void Before_the_slo_controller_decided_nothing_counts_as_an_edit()
    {
        ReplicaOwnership.IsManualEdit(new ScalingSpec { MinReplicas = 1, MaxReplicas = 6 }, new LLMDeploymentStatus(), Existing(4), 4).Should().BeNull();
        ReplicaOwnership.IsManualEdit(new ScalingSpec { MinReplicas = 1, MaxReplicas = 6 }, null, Existing(4), 2).Should().BeNull();
    }
}
