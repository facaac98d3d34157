namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 PersistentVolumeClaim (status and undeclared fields are kept in ExtensionData).</summary>
public sealed class PersistentVolumeClaim : KubernetesObject
{
    public PersistentVolumeClaim()
    {
        ApiVersion = "v1";
        Kind = "PersistentVolumeClaim";
    }

    public PersistentVolumeClaimSpec? Spec { get; set; }
}
