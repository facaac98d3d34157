using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 VolumeMount.</summary>
public sealed class VolumeMount
{
    public string Name { get; set; } = "";

    public string MountPath { get; set; } = "";

    public string? SubPath { get; set; }

    public bool? ReadOnly { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
