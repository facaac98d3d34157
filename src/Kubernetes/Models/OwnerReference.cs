namespace Sluice.Kubernetes.Models;

/// <summary>meta/v1 OwnerReference: the garbage collector deletes the child after its owner.</summary>
public sealed class OwnerReference
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string Uid { get; set; } = "";

    /// <summary>True on at most one reference: the managing controller.</summary>
    public bool? Controller { get; set; }

    /// <summary>Foreground deletion of the owner waits for this child when true.</summary>
    public bool? BlockOwnerDeletion { get; set; }
}
