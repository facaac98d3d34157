namespace Sluice.Kubernetes.Models;

/// <summary>Delete only when the object still has this uid and/or resourceVersion (else 409).</summary>
public sealed class Preconditions
{
    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }
}
