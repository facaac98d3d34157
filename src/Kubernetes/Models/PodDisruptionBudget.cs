namespace Sluice.Kubernetes.Models;

/// <summary>policy/v1 PodDisruptionBudget (policy/v1beta1 has the same shape).</summary>
public sealed class PodDisruptionBudget : KubernetesObject
{
    public PodDisruptionBudget()
    {
        ApiVersion = "policy/v1";
        Kind = "PodDisruptionBudget";
    }

    public PodDisruptionBudgetSpec? Spec { get; set; }

    public PodDisruptionBudgetStatus? Status { get; set; }
}
