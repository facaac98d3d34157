namespace Sluice.Kubernetes.Models;

/// <summary>coordination.k8s.io/v1 Lease.</summary>
public sealed class Lease : KubernetesObject
{
    public Lease()
    {
        ApiVersion = "coordination.k8s.io/v1";
        Kind = "Lease";
    }

    public LeaseSpec? Spec { get; set; }
}
