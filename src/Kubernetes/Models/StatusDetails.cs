namespace Sluice.Kubernetes.Models;

/// <summary>meta/v1 StatusDetails: the object concerned, field causes and a retry hint.</summary>
public sealed class StatusDetails
{
    public string? Name { get; set; }

    public string? Group { get; set; }

    public string? Kind { get; set; }

    public string? Uid { get; set; }

    public List<StatusCause>? Causes { get; set; }

    public int? RetryAfterSeconds { get; set; }
}
