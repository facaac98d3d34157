using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Client;

/// <summary>
/// One event of a watch: the object after the change (before it, for Deleted; only metadata.resourceVersion for
/// Bookmark). ERROR events are raised as exceptions, never yielded.
/// </summary>
public sealed record WatchEvent<T>(WatchEventType Type, T Object)
    where T : class, IKubernetesObject<V1ObjectMeta>;
