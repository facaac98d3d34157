namespace Sluice.Kubernetes.Models;

/// <summary>meta/v1 DeleteOptions.</summary>
public sealed class DeleteOptions
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "DeleteOptions";

    /// <summary>"Orphan", "Background" or "Foreground"; null leaves the type's default.</summary>
    public string? PropagationPolicy { get; set; }

    public long? GracePeriodSeconds { get; set; }

    public Preconditions? Preconditions { get; set; }
}
