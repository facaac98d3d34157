using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>autoscaling/v1 ScaleStatus; selector is the label selector string.</summary>
public sealed class ScaleStatus
{
    public int Replicas { get; set; }

    public string? Selector { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
