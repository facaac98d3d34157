namespace Sluice.Kubernetes.Models;

/// <summary>apps/v1 Deployment.</summary>
public sealed class Deployment : KubernetesObject
{
    public Deployment()
    {
        ApiVersion = "apps/v1";
        Kind = "Deployment";
    }

    public DeploymentSpec? Spec { get; set; }

    public DeploymentStatus? Status { get; set; }
}
