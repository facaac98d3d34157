using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Client;

/// <summary>
/// A generic client for any resource type described by a <see cref="ResourceType"/>. Errors from the server
/// are thrown as <see cref="Errors.KubernetesApiException"/> subclasses (NotFound, Conflict, AlreadyExists,
/// Invalid, Gone, Forbidden, Unauthorized, TooManyRequests after retrying per Retry-After). For namespaced
/// types, a null namespace on an object means <see cref="DefaultNamespace"/>.
/// </summary>
public interface IKubernetesClient : IDisposable
{
    /// <summary>The kubeconfig context's namespace, or the pod's when in-cluster; "default" when none is set.</summary>
    string DefaultNamespace { get; }

    /// <summary>The package's client on the same connection and credentials, for its typed helpers (the leader Lease).</summary>
    k8s.IKubernetes Api { get; }

    /// <summary>Reads one object; throws <see cref="Errors.NotFoundException"/> when absent.</summary>
    Task<T> GetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Reads one object, or null when it does not exist.</summary>
    Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>One page of objects (all namespaces when <paramref name="namespace"/> is null).</summary>
    Task<KubernetesList<T>> ListAsync<T>(ResourceType type, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Every page, following continue tokens; the resourceVersion is the snapshot's.</summary>
    Task<KubernetesList<T>> ListAllAsync<T>(ResourceType type, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Creates the object; <see cref="Errors.AlreadyExistsException"/> when the name is taken.</summary>
    Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces the object (PUT). With metadata.resourceVersion set, a concurrent change since that version
    /// fails with <see cref="Errors.ConflictException"/>: re-read, re-apply the change, retry.
    /// </summary>
    Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Replaces the status subresource (PUT .../status); spec changes in the body are ignored.</summary>
    Task<T> ReplaceStatusAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Patches the object. A merge patch with metadata.resourceVersion is optimistic too.</summary>
    Task<T> PatchAsync<T>(ResourceType type, string? @namespace, string name, JsonNode patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Patches the status subresource.</summary>
    Task<T> PatchStatusAsync<T>(ResourceType type, string? @namespace, string name, JsonNode patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Server-side apply: the server merges the fields of <paramref name="obj"/> owned by
    /// <paramref name="fieldManager"/>; <paramref name="force"/> takes fields over from other managers
    /// instead of failing with a conflict. Creates the object when absent.
    /// </summary>
    Task<T> ApplyAsync<T>(ResourceType type, T obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Server-side apply of the status subresource with <paramref name="status"/> as the whole applied
    /// configuration (no spec, no other metadata): <paramref name="fieldManager"/> then owns exactly the status
    /// fields it sent, and a field it owned and no longer sends is removed. No resourceVersion is sent, so
    /// writers owning disjoint fields never conflict.
    /// </summary>
    Task<T> ApplyStatusAsync<T>(ResourceType type, string? @namespace, string name, JsonNode status, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Requests deletion. Returns false when the object did not exist; true when it is deleted or, held by
    /// finalizers, marked for deletion. A failed precondition throws <see cref="Errors.ConflictException"/>.
    /// </summary>
    Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the scale subresource.</summary>
    Task<V1Scale> GetScaleAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Sets spec.replicas through the scale subresource.</summary>
    Task<V1Scale> SetScaleAsync(ResourceType type, string? @namespace, string name, int replicas, CancellationToken cancellationToken = default);

    /// <summary>
    /// One watch request as a stream of events; ends when the server closes it (timeout) or the connection
    /// drops. A 410 (HTTP or ERROR event) throws <see cref="Errors.GoneException"/>. For resume, backoff and
    /// relist use <see cref="Watching.ResumingWatch"/> or an informer.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? @namespace, WatchOptions options, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
