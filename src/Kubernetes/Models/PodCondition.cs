using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 PodCondition (PodScheduled, Initialized, ContainersReady, Ready).</summary>
public sealed class PodCondition
{
    public string Type { get; set; } = "";

    public string Status { get; set; } = "Unknown";

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastProbeTime { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
