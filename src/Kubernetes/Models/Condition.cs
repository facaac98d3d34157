using System.Text.Json.Serialization;
using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>meta/v1 Condition. <see cref="Status"/> is "True", "False" or "Unknown".</summary>
public sealed class Condition
{
    /// <summary>The key of a conditions list (each field manager owns the types it writes).</summary>
    [Required]
    public string Type { get; set; } = "";

    [Required]
    public string Status { get; set; } = "Unknown";

    /// <summary>The metadata.generation the condition was computed from.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>When <see cref="Status"/> last changed (not when the condition was last written).</summary>
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; set; }

    /// <summary>CamelCase machine-readable reason.</summary>
    public string? Reason { get; set; }

    public string? Message { get; set; }
}
