using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Client;

/// <summary>One event of a watch: the object after the change (before it, for Deleted).</summary>
public sealed record WatchEvent<T>(WatchEventType Type, T Object)
    where T : KubernetesObject;
