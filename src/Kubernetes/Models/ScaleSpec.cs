using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>autoscaling/v1 ScaleSpec.</summary>
public sealed class ScaleSpec
{
    public int? Replicas { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
