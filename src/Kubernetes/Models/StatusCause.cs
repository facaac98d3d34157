namespace Sluice.Kubernetes.Models;

/// <summary>One field-level cause of a failure, e.g. field "spec.replicas", reason "FieldValueInvalid".</summary>
public sealed class StatusCause
{
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Field { get; set; }
}
