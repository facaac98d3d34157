using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Controllers;

/// <summary>
/// Drives one object of type <typeparamref name="T"/> towards its desired state. Called with a key, never a
/// diff: read the current object (cache or API), compare with what should exist, act, write status only
/// when it changed. Must be idempotent. A thrown exception is logged and the key retried with backoff;
/// the same key is never reconciled concurrently; different keys may be.
/// </summary>
public interface IReconciler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken);
}
