using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Client;

/// <summary>The HTTP implementation of <see cref="IKubernetesClient"/>. Thread-safe; share one per process.</summary>
public sealed class KubernetesClient : IKubernetesClient
{
    /// <summary>Timeout of one non-watch request (watches are bounded by their own timeoutSeconds).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly k8s.Kubernetes _api;
    private readonly ApiTransport _transport;

    /// <param name="configuration">Server and credentials, e.g. from <see cref="ClusterConfiguration.Load"/>.</param>
    /// <param name="jsonOptions">Options from <see cref="KubernetesJson.CreateOptions"/> when custom resource types are used.</param>
    public KubernetesClient(k8s.KubernetesClientConfiguration configuration, JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        DefaultNamespace = configuration.Namespace is { Length: > 0 } ns ? ns : ClusterConfiguration.DefaultNamespace;
        JsonOptions = jsonOptions ?? KubernetesJson.Default;
        _api = new k8s.Kubernetes(configuration);
        _transport = new ApiTransport(_api, RequestTimeout);
    }

    public string DefaultNamespace { get; }

    public k8s.IKubernetes Api => _api;

    public JsonSerializerOptions JsonOptions { get; }

    public async Task<T> GetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        return await SendForObjectAsync<T>(type, HttpMethod.Get, type.Path(Ns(type, @namespace), name), null, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : KubernetesObject
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

    public async Task<ObjectList<T>> ListAsync<T>(ResourceType type, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        options ??= new ListOptions();
        var query = ApiTransport.Query(
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("limit", options.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("continue", options.Continue),
            ("resourceVersion", options.ResourceVersion));
        using var response = await _transport.SendAsync(HttpMethod.Get, type.Path(@namespace) + query, null, null, false, cancellationToken).ConfigureAwait(false);
        using var document = await ReadDocumentAsync(response, cancellationToken).ConfigureAwait(false);
        var itemInfo = JsonOptions.TypeInfo<T>();
        var metadata = document.RootElement.TryGetProperty("metadata", out var meta)
            ? meta.Deserialize(KubernetesJsonContext.Default.ListMeta) ?? new ListMeta()
            : new ListMeta();
        var items = new List<T>();
        if (document.RootElement.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in array.EnumerateArray())
            {
                items.Add(Complete(type, element.Deserialize(itemInfo)));
            }
        }

        return new ObjectList<T>(metadata, items);
    }

    public async Task<ObjectList<T>> ListAllAsync<T>(ResourceType type, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        options ??= new ListOptions { Limit = 500 };
        var first = await ListAsync<T>(type, @namespace, options, cancellationToken).ConfigureAwait(false);
        var items = new List<T>(first.Items);
        var page = first;
        while (!string.IsNullOrEmpty(page.Metadata.Continue))
        {
            page = await ListAsync<T>(type, @namespace, options with { Continue = page.Metadata.Continue }, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
        }

        return new ObjectList<T>(new ListMeta { ResourceVersion = first.Metadata.ResourceVersion }, items);
    }

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var path = type.Path(Ns(type, obj.Metadata.Namespace));
        return SendForObjectAsync<T>(type, HttpMethod.Post, path, Serialize(type, obj), "application/json", cancellationToken);
    }

    public Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : KubernetesObject => Put(type, obj, "", cancellationToken);

    public Task<T> ReplaceStatusAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken = default)
        where T : KubernetesObject => Put(type, obj, "/status", cancellationToken);

    public Task<T> PatchAsync<T>(ResourceType type, string? @namespace, string name, JsonNode patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : KubernetesObject => Patch<T>(type, @namespace, name, "", patch, patchType, cancellationToken);

    public Task<T> PatchStatusAsync<T>(ResourceType type, string? @namespace, string name, JsonNode patch, PatchType patchType = PatchType.Merge, CancellationToken cancellationToken = default)
        where T : KubernetesObject => Patch<T>(type, @namespace, name, "/status", patch, patchType, cancellationToken);

    public Task<T> ApplyAsync<T>(ResourceType type, T obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        var name = obj.Metadata.Name ?? throw new ArgumentException("metadata.name is required for server-side apply", nameof(obj));
        var query = ApiTransport.Query(("fieldManager", fieldManager), ("force", force ? "true" : null));
        var path = type.Path(Ns(type, obj.Metadata.Namespace), name) + query;
        return SendForObjectAsync<T>(type, HttpMethod.Patch, path, Serialize(type, obj), "application/apply-patch+yaml", cancellationToken);
    }

    public Task<T> ApplyStatusAsync<T>(ResourceType type, string? @namespace, string name, JsonNode status, string fieldManager, bool force = false, CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        var ns = Ns(type, @namespace);
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        var applied = new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = metadata, ["status"] = status.DeepClone() };
        var query = ApiTransport.Query(("fieldManager", fieldManager), ("force", force ? "true" : null));
        var body = JsonSerializer.SerializeToUtf8Bytes(applied, KubernetesJsonContext.Default.JsonNode);
        return SendForObjectAsync<T>(type, HttpMethod.Patch, type.Path(ns, name) + "/status" + query, body, "application/apply-patch+yaml", cancellationToken);
    }

    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        var body = options is null ? null : JsonSerializer.SerializeToUtf8Bytes(options, KubernetesJsonContext.Default.DeleteOptions);
        try
        {
            using var response = await _transport.SendAsync(HttpMethod.Delete, type.Path(Ns(type, @namespace), name), body, "application/json", false, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    public async Task<Scale> GetScaleAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var response = await _transport.SendAsync(HttpMethod.Get, type.Path(Ns(type, @namespace), name) + "/scale", null, null, false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, KubernetesJsonContext.Default.Scale, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Scale> SetScaleAsync(ResourceType type, string? @namespace, string name, int replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        var body = JsonSerializer.SerializeToUtf8Bytes(patch, KubernetesJsonContext.Default.JsonNode);
        using var response = await _transport.SendAsync(HttpMethod.Patch, type.Path(Ns(type, @namespace), name) + "/scale", body, "application/merge-patch+json", false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, KubernetesJsonContext.Default.Scale, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var query = ApiTransport.Query(
            ("watch", "true"),
            ("resourceVersion", options.ResourceVersion),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("timeoutSeconds", options.Timeout is { } t ? ((long)Math.Max(1, t.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
            ("allowWatchBookmarks", options.AllowBookmarks ? "true" : null));
        var itemInfo = JsonOptions.TypeInfo<T>();
        using var response = await _transport.SendAsync(HttpMethod.Get, type.Path(@namespace) + query, null, null, true, cancellationToken).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return WatchEventParser.Parse(type, line, itemInfo);
        }
    }

    public void Dispose() => _api.Dispose();

    private async Task<T> Put<T>(ResourceType type, T obj, string subresource, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata.Name ?? throw new ArgumentException("metadata.name is required to replace an object", nameof(obj));
        var path = type.Path(Ns(type, obj.Metadata.Namespace), name) + subresource;
        return await SendForObjectAsync<T>(type, HttpMethod.Put, path, Serialize(type, obj), "application/json", cancellationToken).ConfigureAwait(false);
    }

    private Task<T> Patch<T>(ResourceType type, string? @namespace, string name, string subresource, JsonNode patch, PatchType patchType, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(patch);
        var contentType = patchType switch
        {
            PatchType.Merge => "application/merge-patch+json",
            PatchType.Json => "application/json-patch+json",
            PatchType.StrategicMerge => "application/strategic-merge-patch+json",
            _ => throw new ArgumentOutOfRangeException(nameof(patchType), patchType, "unknown patch type"),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(patch, KubernetesJsonContext.Default.JsonNode);
        return SendForObjectAsync<T>(type, HttpMethod.Patch, type.Path(Ns(type, @namespace), name) + subresource, body, contentType, cancellationToken);
    }

    private async Task<T> SendForObjectAsync<T>(ResourceType type, HttpMethod method, string path, byte[]? body, string? contentType, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        using var response = await _transport.SendAsync(method, path, body, contentType, false, cancellationToken).ConfigureAwait(false);
        return Complete(type, await ReadAsync(response, JsonOptions.TypeInfo<T>(), cancellationToken).ConfigureAwait(false));
    }

    private byte[] Serialize<T>(ResourceType type, T obj)
        where T : KubernetesObject
    {
        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return JsonSerializer.SerializeToUtf8Bytes(obj, JsonOptions.TypeInfo<T>());
    }

    private string? Ns(ResourceType type, string? @namespace) =>
        type.Namespaced ? (string.IsNullOrEmpty(@namespace) ? DefaultNamespace : @namespace) : null;

    private static T Complete<T>(ResourceType type, T? obj)
        where T : KubernetesObject
    {
        if (obj is null)
        {
            throw new JsonException($"the server answered null for a {type.Kind}");
        }

        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return obj;
    }

    private static async Task<TValue> ReadAsync<TValue>(HttpResponseMessage response, JsonTypeInfo<TValue> info, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, info, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"empty answer where a {typeof(TValue).Name} was expected");
    }

    private static async Task<JsonDocument> ReadDocumentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
    }
}
