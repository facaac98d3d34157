using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Runtime;

/// <summary>
/// The informer's thread-safe store: objects by "namespace/name" (or "name"), indexed by namespace and by
/// owner uid. Returned objects are shared; treat them as read-only (copy before changing). Objects are kept without
/// metadata.managedFields, which no reader of the cache uses and which are often the larger part of a small object.
/// </summary>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, T> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byOwner = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    public T? Get(string? @namespace, string name)
    {
        lock (_lock)
        {
            return _byKey.GetValueOrDefault(ObjectKey.Of(@namespace, name));
        }
    }

    /// <summary>All objects, or those of one namespace.</summary>
    public IReadOnlyList<T> List(string? @namespace = null)
    {
        lock (_lock)
        {
            if (@namespace is null)
            {
                return [.. _byKey.Values];
            }

            return _byNamespace.TryGetValue(@namespace, out var keys) ? [.. keys.Select(k => _byKey[k])] : [];
        }
    }

    /// <summary>Objects with an owner reference to <paramref name="ownerUid"/>.</summary>
    public IReadOnlyList<T> ListByOwner(string ownerUid)
    {
        lock (_lock)
        {
            return _byOwner.TryGetValue(ownerUid, out var keys) ? [.. keys.Select(k => _byKey[k])] : [];
        }
    }

    /// <summary>Inserts or replaces; returns the previous object.</summary>
    internal T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        obj.Metadata.ManagedFields = null;
        lock (_lock)
        {
            var old = RemoveLocked(key);
            _byKey[key] = obj;
            Index(_byNamespace, obj.Metadata.NamespaceProperty ?? "", key);
            foreach (var owner in obj.Metadata.OwnerReferences ?? [])
            {
                Index(_byOwner, owner.Uid, key);
            }

            return old;
        }
    }

    internal T? Remove(string key)
    {
        lock (_lock)
        {
            return RemoveLocked(key);
        }
    }

    internal IReadOnlyList<string> Keys()
    {
        lock (_lock)
        {
            return [.. _byKey.Keys];
        }
    }

    private T? RemoveLocked(string key)
    {
        if (!_byKey.Remove(key, out var old))
        {
            return null;
        }

        Unindex(_byNamespace, old.Metadata.NamespaceProperty ?? "", key);
        foreach (var owner in old.Metadata.OwnerReferences ?? [])
        {
            Unindex(_byOwner, owner.Uid, key);
        }

        return old;
    }

    private static void Index(Dictionary<string, HashSet<string>> index, string value, string key)
    {
        if (!index.TryGetValue(value, out var keys))
        {
            keys = new HashSet<string>(StringComparer.Ordinal);
            index[value] = keys;
        }

        keys.Add(key);
    }

    private static void Unindex(Dictionary<string, HashSet<string>> index, string value, string key)
    {
        if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            index.Remove(value);
        }
    }
}
