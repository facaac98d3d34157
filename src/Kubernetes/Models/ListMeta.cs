namespace Sluice.Kubernetes.Models;

/// <summary>meta/v1 ListMeta: the list's resourceVersion (watch from it) and the continue token.</summary>
public sealed class ListMeta
{
    public string? ResourceVersion { get; set; }

    public string? Continue { get; set; }

    public long? RemainingItemCount { get; set; }
}
