using k8s;
using k8s.Models;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Runtime;

namespace Sluice.Kubernetes.Reading;

/// <summary>
/// Reads from the caches of the informers added with <see cref="Add{T}"/> once they have synced, and from the API
/// server for everything else (a type or namespace no informer watches, an informer not yet synced, or a list whose
/// labels do not imply the informer's own selector). An informer started with a label selector caches only the
/// objects that match it, so <see cref="TryGetAsync{T}"/> through it sees only those. Cached objects are shared:
/// read-only.
/// </summary>
public sealed class CachedObjectReader(IKubernetesClient client) : IObjectReader
{
    private readonly ApiObjectReader _api = new(client);
    private readonly Lock _lock = new();
    private Entry[] _entries = [];

    /// <summary>Serves reads of the informer's type and namespace from its cache; <paramref name="selector"/> is the informer's label selector.</summary>
    public void Add<T>(Informer<T> informer, IReadOnlyDictionary<string, string>? selector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        lock (_lock)
        {
            _entries = [.. _entries, new Entry(informer.Type, informer.Namespace, selector ?? new Dictionary<string, string>(), informer)];
        }
    }

    /// <summary>Removes every informer added (when they stop, e.g. on lost leadership); reads go to the API server again.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries = [];
        }
    }

    public Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Find(type, @namespace) is { Informer: Informer<T> informer }
            ? Task.FromResult(informer.Cache.Get(@namespace, name))
            : _api.TryGetAsync<T>(type, @namespace, name, cancellationToken);

    public Task<IReadOnlyList<T>> ListAsync<T>(ResourceType type, string? @namespace, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (Find(type, @namespace) is { Informer: Informer<T> informer } entry && LabelMatch.Implies(labels, entry.Selector))
        {
            IReadOnlyList<T> items = [.. informer.Cache.List(@namespace).Where(o => LabelMatch.Matches(o, labels))];
            return Task.FromResult(items);
        }

        return _api.ListAsync<T>(type, @namespace, labels, cancellationToken);
    }

    private Entry? Find(ResourceType type, string? @namespace) =>
        Volatile.Read(ref _entries).FirstOrDefault(e => e.Type == type && (e.Namespace is null || e.Namespace == @namespace) && e.Informer.HasSynced);

    private sealed record Entry(ResourceType Type, string? Namespace, IReadOnlyDictionary<string, string> Selector, IInformer Informer);
}
