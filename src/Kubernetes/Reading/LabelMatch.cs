using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Reading;

/// <summary>Equality label selectors: as text for the API (<c>k=v,k=v</c>, keys sorted) and as a match on cached objects.</summary>
public static class LabelMatch
{
    /// <summary>The selector text, or null for no labels (everything matches).</summary>
    public static string? SelectorText(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Count == 0
            ? null
            : string.Join(',', labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
    }

    /// <summary>True when <paramref name="obj"/> carries every label of <paramref name="labels"/> with the same value.</summary>
    public static bool Matches(IKubernetesObject<V1ObjectMeta> obj, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(labels);
        var own = obj.Metadata.Labels;
        return labels.All(kv => own is not null && own.TryGetValue(kv.Key, out var value) && string.Equals(value, kv.Value, StringComparison.Ordinal));
    }

    /// <summary>True when every label of <paramref name="required"/> is in <paramref name="labels"/> with the same value.</summary>
    public static bool Implies(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> required)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(required);
        return required.All(kv => labels.TryGetValue(kv.Key, out var value) && string.Equals(value, kv.Value, StringComparison.Ordinal));
    }
}
