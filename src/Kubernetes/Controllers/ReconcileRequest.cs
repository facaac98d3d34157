namespace Sluice.Kubernetes.Controllers;

/// <summary>Which object to reconcile: namespace (null when cluster-scoped) and name. Never the object itself.</summary>
public readonly record struct ReconcileRequest(string? Namespace, string Name)
{
    public override string ToString() => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";
}
