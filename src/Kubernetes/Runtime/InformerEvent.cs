using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Runtime;

/// <summary>A change seen by an informer: the object now (the last known state for Deleted) and before.</summary>
public sealed record InformerEvent<T>(InformerEventType Type, T Object, T? OldObject)
    where T : class, IKubernetesObject<V1ObjectMeta>;
