namespace Sluice.Kubernetes.Models;

/// <summary>
/// Base for custom resource classes: a spec and an optional status. Set apiVersion and kind in the
/// derived class's constructor (list items arrive without them), and mark it with
/// <see cref="Crds.KubernetesEntityAttribute"/>.
/// </summary>
public abstract class CustomResource<TSpec, TStatus> : KubernetesObject
    where TSpec : new()
    where TStatus : class
{
    public TSpec Spec { get; set; } = new();

    public TStatus? Status { get; set; }
}
