using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>A ConfigMap mounted as files.</summary>
public sealed class ConfigMapVolumeSource
{
    public string? Name { get; set; }

    public bool? Optional { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
