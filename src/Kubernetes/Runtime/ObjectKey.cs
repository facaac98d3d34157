using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Runtime;

/// <summary>Cache keys: "namespace/name", or "name" for cluster-scoped objects.</summary>
public static class ObjectKey
{
    public static string Of(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    public static string Of(KubernetesObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Of(obj.Metadata.Namespace, obj.Metadata.Name ?? throw new ArgumentException("object without metadata.name", nameof(obj)));
    }
}
