using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Reading;

/// <summary>
/// How reconcilers read the cluster: by name, or by equality label selector. Returned objects may be shared with a
/// cache; treat them as read-only (copy before changing).
/// </summary>
public interface IObjectReader
{
    /// <summary>The object, or null when it does not exist.</summary>
    Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Every object of <paramref name="type"/> in <paramref name="namespace"/> (null: all) whose labels hold all of <paramref name="labels"/>.</summary>
    Task<IReadOnlyList<T>> ListAsync<T>(ResourceType type, string? @namespace, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
