using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Events;

/// <summary>Records core/v1 Events about objects. Recording never throws (but for cancellation).</summary>
public interface IEventRecorder
{
    /// <summary>
    /// Records an event on <paramref name="involved"/>; a repeat of the same type, reason and message
    /// increments the existing Event's count instead of creating another.
    /// </summary>
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, CancellationToken cancellationToken = default);
}
