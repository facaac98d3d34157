namespace Sluice.Kubernetes.Models;

/// <summary>autoscaling/v1 Scale: the scale subresource.</summary>
public sealed class Scale : KubernetesObject
{
    public Scale()
    {
        ApiVersion = "autoscaling/v1";
        Kind = "Scale";
    }

    public ScaleSpec? Spec { get; set; }

    public ScaleStatus? Status { get; set; }
}
