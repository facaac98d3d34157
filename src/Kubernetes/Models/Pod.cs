namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 Pod.</summary>
public sealed class Pod : KubernetesObject
{
    public Pod()
    {
        ApiVersion = "v1";
        Kind = "Pod";
    }

    public PodSpec? Spec { get; set; }

    public PodStatus? Status { get; set; }
}
