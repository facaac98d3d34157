namespace Sluice.Kubernetes.Helpers;

/// <summary>Reads of the package models' data maps (Secret and ConfigMap data), typed as <see cref="IDictionary{TKey, TValue}"/>; labels and annotations have the package's own GetLabel and GetAnnotation.</summary>
public static class ModelMaps
{
    /// <summary>The value under <paramref name="key"/>; default when the map is null or lacks the key.</summary>
    public static TValue? Lookup<TKey, TValue>(this IDictionary<TKey, TValue>? map, TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return map is not null && map.TryGetValue(key, out var value) ? value : default;
    }
}
