namespace Sluice.Kubernetes.Crds;

/// <summary>
/// The list is a map keyed by <see cref="Keys"/> (x-kubernetes-list-type: map): server-side apply merges it item by item,
/// so several field managers can each own their own items (e.g. conditions by type). The key fields must be required.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
