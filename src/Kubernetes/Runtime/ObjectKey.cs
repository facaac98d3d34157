using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Runtime;

/// <summary>Cache keys: "namespace/name", or "name" for cluster-scoped objects.</summary>
public static class ObjectKey
{
    public static string Of(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    public static string Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Of(obj.Metadata.NamespaceProperty, obj.Metadata.Name ?? throw new ArgumentException("object without metadata.name", nameof(obj)));
    }
}
