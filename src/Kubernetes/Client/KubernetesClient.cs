using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Client;

/// <summary>
/// <see cref="IKubernetesClient"/> on KubernetesClient's generic object operations (<see cref="ICustomObjectsOperations"/>,
/// which address core types under /api and every other group under /apis), so one implementation serves built-in
/// and custom types alike, including kinds the package has no model for (policy/v1beta1 PodDisruptionBudget).
/// Bodies go as JSON written with <see cref="ApiJson.Options"/>; answers are read back with it. Thread-safe; share one
/// per process.
/// </summary>
public sealed class KubernetesClient : IKubernetesClient
{
    /// <summary>Timeout of one non-watch request (watches are bounded by their own timeoutSeconds).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly k8s.Kubernetes _api;

    /// <param name="configuration">Server and credentials, e.g. from <see cref="ClusterConfiguration.Load"/>.</param>
    public KubernetesClient(KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        DefaultNamespace = configuration.Namespace is { Length: > 0 } ns ? ns : ClusterConfiguration.DefaultNamespace;

        _api = new k8s.Kubernetes(configuration);
    }

    public string DefaultNamespace { get; }

    public IKubernetes Api => _api;

    private ICustomObjectsOperations Objects => _api.CustomObjects;

    public async Task<T> GetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        var ns = Ns(type, @namespace);
        return await ObjectAsync<T>(type, $"get {type.Kind} {name}", ct => ns is null
            ? Objects.GetClusterCustomObjectWithHttpMessagesAsync(type.Group, type.Version, type.Plural, name, cancellationToken: ct)
            : Objects.GetNamespacedCustomObjectWithHttpMessagesAsync(type.Group, type.Version, ns, type.Plural, name, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return await GetAsync<T>(type, @namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public async Task<KubernetesList<T>> ListAsync<T>(ResourceType type, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        var o = options ?? new ListOptions();
        var root = await BodyAsync($"list {type.Plural}", ct => (@namespace, type.Namespaced) switch
        {
            (null, true) => Objects.ListCustomObjectForAllNamespacesWithHttpMessagesAsync(type.Group, type.Version, type.Plural,
                continueParameter: o.Continue, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, limit: o.Limit, resourceVersion: o.ResourceVersion, cancellationToken: ct),
            (null, false) => Objects.ListClusterCustomObjectWithHttpMessagesAsync(type.Group, type.Version, type.Plural,
                continueParameter: o.Continue, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, limit: o.Limit, resourceVersion: o.ResourceVersion, cancellationToken: ct),
            _ => Objects.ListNamespacedCustomObjectWithHttpMessagesAsync(type.Group, type.Version, Ns(type, @namespace), type.Plural,
                continueParameter: o.Continue, fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, limit: o.Limit, resourceVersion: o.ResourceVersion, cancellationToken: ct),
        }, cancellationToken).ConfigureAwait(false);
        var metadata = root.TryGetProperty("metadata", out var meta)
            ? meta.Deserialize<V1ListMeta>(ApiJson.Options) ?? new V1ListMeta()
            : new V1ListMeta();
        var items = new List<T>();
        if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in array.EnumerateArray())
            {
                items.Add(Complete(type, element.Deserialize<T>(ApiJson.Options)));
            }
        }

        return new KubernetesList<T>(items, metadata: metadata);
    }

    public async Task<KubernetesList<T>> ListAllAsync<T>(ResourceType type, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        options ??= new ListOptions { Limit = 500 };
        var first = await ListAsync<T>(type, @namespace, options, cancellationToken).ConfigureAwait(false);
        var items = new List<T>(first.Items);
        var page = first;
        while (!string.IsNullOrEmpty(page.Metadata.ContinueProperty))
        {
            page = await ListAsync<T>(type, @namespace, options with { Continue = page.Metadata.ContinueProperty }, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
        }

        return new KubernetesList<T>(items, metadata: new V1ListMeta { ResourceVersion = first.Metadata.ResourceVersion });
    }

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var ns = Ns(type, obj.Metadata.NamespaceProperty);
        var body = Serialize(type, obj);
        return ObjectAsync<T>(type, $"create {type.Kind} {obj.Metadata.Name}", ct => ns is null
            ? Objects.CreateClusterCustomObjectWithHttpMessagesAsync(body, type.Group, type.Version, type.Plural, cancellationToken: ct)
            : Objects.CreateNamespacedCustomObjectWithHttpMessagesAsync(body, type.Group, type.Version, ns, type.Plural, cancellationToken: ct), cancellationToken);
    }

    public Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (ns, name, body) = Target(type, obj);
        return ObjectAsync<T>(type, $"replace {type.Kind} {name}", ct => ns is null
            ? Objects.ReplaceClusterCustomObjectWithHttpMessagesAsync(body, type.Group, type.Version, type.Plural, name, cancellationToken: ct)
            : Objects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync(body, type.Group, type.Version, ns, type.Plural, name, cancellationToken: ct), cancellationToken);
    }

    public Task<T> ReplaceStatusAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (ns, name, body) = Target(type, obj);
        return ObjectAsync<T>(type, $"replace status of {type.Kind} {name}", ct => ns is null
            ? Objects.ReplaceClusterCustomObjectStatusWithHttpMessagesAsync(body, type.Group, type.Version, type.Plural, name, cancellationToken: ct)
            : Objects.ReplaceNamespacedCustomObjectStatusWithHttpMessagesAsync(body, type.Group, type.Version, ns, type.Plural, name, cancellationToken: ct), cancellationToken);
    }

    public Task<T> PatchAsync<T>(ResourceType type, string? @namespace, string name, JsonNode patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendPatchAsync<T>(type, @namespace, name, Patch(patch, patchType), null, null, status: false, cancellationToken);

    public Task<T> PatchStatusAsync<T>(ResourceType type, string? @namespace, string name, JsonNode patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendPatchAsync<T>(type, @namespace, name, Patch(patch, patchType), null, null, status: true, cancellationToken);

    public Task<T> ApplyAsync<T>(ResourceType type, T obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        var (ns, name, body) = Target(type, obj, "server-side apply");
        var patch = new V1Patch(body.GetRawText(), V1Patch.PatchType.ApplyPatch);
        return SendPatchAsync<T>(type, ns, name, patch, fieldManager, force, status: false, cancellationToken);
    }

    public Task<T> ApplyStatusAsync<T>(ResourceType type, string? @namespace, string name, JsonNode status, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        ArgumentNullException.ThrowIfNull(status);
        var ns = Ns(type, @namespace);
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        var applied = new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = metadata, ["status"] = status.DeepClone() };
        var patch = new V1Patch(applied.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        return SendPatchAsync<T>(type, ns, name, patch, fieldManager, force, status: true, cancellationToken);
    }

    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        var ns = Ns(type, @namespace);
        try
        {
            await BodyAsync($"delete {type.Kind} {name}", ct => ns is null
                ? Objects.DeleteClusterCustomObjectWithHttpMessagesAsync(type.Group, type.Version, type.Plural, name, options, cancellationToken: ct)
                : Objects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(type.Group, type.Version, ns, type.Plural, name, options, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    public async Task<V1Scale> GetScaleAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        var ns = Ns(type, @namespace);
        var body = await BodyAsync($"get scale of {type.Kind} {name}", ct => ns is null
            ? Objects.GetClusterCustomObjectScaleWithHttpMessagesAsync(type.Group, type.Version, type.Plural, name, cancellationToken: ct)
            : Objects.GetNamespacedCustomObjectScaleWithHttpMessagesAsync(type.Group, type.Version, ns, type.Plural, name, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return body.Deserialize<V1Scale>(ApiJson.Options) ?? throw new JsonException($"empty scale of {type.Kind} {name}");
    }

    public async Task<V1Scale> SetScaleAsync(ResourceType type, string? @namespace, string name, int replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var ns = Ns(type, @namespace);
        var patch = Patch(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }, PatchType.Merge);
        var body = await BodyAsync($"scale {type.Kind} {name}", ct => ns is null
            ? Objects.PatchClusterCustomObjectScaleWithHttpMessagesAsync(patch, type.Group, type.Version, type.Plural, name, cancellationToken: ct)
            : Objects.PatchNamespacedCustomObjectScaleWithHttpMessagesAsync(patch, type.Group, type.Version, ns, type.Plural, name, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        return body.Deserialize<V1Scale>(ApiJson.Options) ?? throw new JsonException($"empty scale of {type.Kind} {name}");
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var events = WatchStream(type, @namespace, options, cancellationToken);
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (HttpOperationException ex)
            {
                throw ApiCall.ToApiException(ex);
            }

            var (eventType, payload) = enumerator.Current;
            var obj = payload is JsonElement element ? element.Deserialize<T>(ApiJson.Options) : null;
            if (eventType is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted or WatchEventType.Bookmark))
            {
                throw new JsonException($"unexpected watch event type {eventType}");
            }

            yield return new WatchEvent<T>(eventType, Complete(type, obj));
        }
    }

    public void Dispose() => _api.Dispose();

    /// <summary>The package's watch; an ERROR event (reported through onError) ends it with the typed exception.</summary>
    private IAsyncEnumerable<(WatchEventType, object)> WatchStream(ResourceType type, string? @namespace, WatchOptions o, CancellationToken cancellationToken)
    {
        int? timeoutSeconds = o.Timeout is { } t ? (int)Math.Max(1, t.TotalSeconds) : null;
        bool? bookmarks = o.AllowBookmarks ? true : null;
        return (@namespace, type.Namespaced) switch
        {
            (null, true) => Objects.WatchListCustomObjectForAllNamespacesAsync(type.Group, type.Version, type.Plural, allowWatchBookmarks: bookmarks,
                fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, resourceVersion: o.ResourceVersion, timeoutSeconds: timeoutSeconds, onError: ThrowWatchError, cancellationToken: cancellationToken),
            (null, false) => Objects.WatchListClusterCustomObjectAsync(type.Group, type.Version, type.Plural, allowWatchBookmarks: bookmarks,
                fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, resourceVersion: o.ResourceVersion, timeoutSeconds: timeoutSeconds, onError: ThrowWatchError, cancellationToken: cancellationToken),
            _ => Objects.WatchListNamespacedCustomObjectAsync(type.Group, type.Version, @namespace, type.Plural, allowWatchBookmarks: bookmarks,
                fieldSelector: o.FieldSelector, labelSelector: o.LabelSelector, resourceVersion: o.ResourceVersion, timeoutSeconds: timeoutSeconds, onError: ThrowWatchError, cancellationToken: cancellationToken),
        };
    }

    /// <summary>
    /// The package reports ERROR events and unreadable lines through onError and would read on; throwing here ends
    /// the stream. The package passes what this throws to onError once more, which throws it again unchanged.
    /// </summary>
    private static void ThrowWatchError(Exception error)
    {
        if (error is KubernetesApiException or JsonException)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        throw error is KubernetesException status ? ApiCall.ToApiException(status) : new JsonException($"unreadable watch event: {error.Message}", error);
    }

    private Task<T> SendPatchAsync<T>(ResourceType type, string? @namespace, string name, V1Patch patch, string? fieldManager, bool? force, bool status, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ns = Ns(type, @namespace);
        force = force == true ? true : null;
        return ObjectAsync<T>(type, $"patch {(status ? "status of " : "")}{type.Kind} {name}", ct => (ns, status) switch
        {
            (null, false) => Objects.PatchClusterCustomObjectWithHttpMessagesAsync(patch, type.Group, type.Version, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
            (null, true) => Objects.PatchClusterCustomObjectStatusWithHttpMessagesAsync(patch, type.Group, type.Version, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
            (_, false) => Objects.PatchNamespacedCustomObjectWithHttpMessagesAsync(patch, type.Group, type.Version, ns, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
            (_, true) => Objects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync(patch, type.Group, type.Version, ns, type.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: ct),
        }, cancellationToken);
    }

    private static V1Patch Patch(JsonNode patch, PatchType patchType)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var type = patchType switch
        {
            PatchType.Merge => V1Patch.PatchType.MergePatch,
            PatchType.Json => V1Patch.PatchType.JsonPatch,
            PatchType.StrategicMerge => V1Patch.PatchType.StrategicMergePatch,
            _ => throw new ArgumentOutOfRangeException(nameof(patchType), patchType, "unknown patch type"),
        };
        return new V1Patch(patch.ToJsonString(), type);
    }

    private async Task<T> ObjectAsync<T>(ResourceType type, string description, Func<CancellationToken, Task<HttpOperationResponse<object>>> call, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var body = await BodyAsync(description, call, cancellationToken).ConfigureAwait(false);
        return Complete(type, body.Deserialize<T>(ApiJson.Options));
    }

    /// <summary>The answer's body as JSON (the package reads it into a <see cref="JsonElement"/>).</summary>
    private static async Task<JsonElement> BodyAsync(string description, Func<CancellationToken, Task<HttpOperationResponse<object>>> call, CancellationToken cancellationToken)
    {
        var response = await ApiCall.RunAsync(call, RequestTimeout, description, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            return response.Body is JsonElement element ? element.Clone() : default;
        }
    }

    private (string? Namespace, string Name, JsonElement Body) Target<T>(ResourceType type, T obj, string operation = "replace")
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata.Name ?? throw new ArgumentException($"metadata.name is required for {operation}", nameof(obj));
        return (Ns(type, obj.Metadata.NamespaceProperty), name, Serialize(type, obj));
    }

    private JsonElement Serialize<T>(ResourceType type, T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return JsonSerializer.SerializeToElement(obj, ApiJson.Options);
    }

    private string? Ns(ResourceType type, string? @namespace) =>
        type.Namespaced ? (string.IsNullOrEmpty(@namespace) ? DefaultNamespace : @namespace) : null;

    private static T Complete<T>(ResourceType type, T? obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (obj is null)
        {
            throw new JsonException($"the server answered null for a {type.Kind}");
        }

        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return obj;
    }
}
