using k8s.Models;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Reconciling;

/// <summary>Pure rule for telling a manual edit of the Deployment's replicas from the operator's own pending change.</summary>
public static class ReplicaOwnership
{
    /// <summary>Event reason when a manual edit of the replica count is set back.</summary>
    public const string RevertedReason = "ReplicasOwnedByOperator";

    /// <summary>
    /// The count someone else wrote, or null. An edit is a Deployment count that differs from
    /// <paramref name="desired"/> while the SLO controller owns the count (status.desiredReplicas set, not
    /// paused), lies inside [minReplicas, maxReplicas] (outside it, a spec change moved the bounds), and is
    /// not the count a recorded scale decision just left (status.lastScale.from: the change is still pending).
    /// </summary>
    public static int? IsManualEdit(ScalingSpec? scaling, LLMDeploymentStatus? status, V1Deployment? existing, int desired)
    {
        if (existing?.Spec?.Replicas is not { } current || status?.DesiredReplicas is null || scaling?.Paused == true || current == desired)
        {
            return null;
        }

        var min = scaling?.MinReplicas ?? 1;
        var max = Math.Max(min, scaling?.MaxReplicas ?? min);
        var pending = status.LastScale is { } last && last.From == current && last.To == desired;
        return current < min || current > max || pending ? null : current;
    }
}
