namespace Sluice.Kubernetes.Models;

/// <summary>One page of a List call.</summary>
public sealed class ObjectList<T>
    where T : KubernetesObject
{
    public ObjectList(ListMeta metadata, IReadOnlyList<T> items)
    {
        Metadata = metadata;
        Items = items;
    }

    public ListMeta Metadata { get; }

    public IReadOnlyList<T> Items { get; }
}
