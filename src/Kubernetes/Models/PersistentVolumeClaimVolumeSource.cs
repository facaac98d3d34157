using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>A PersistentVolumeClaim mounted by claim name.</summary>
public sealed class PersistentVolumeClaimVolumeSource
{
    public string ClaimName { get; set; } = "";

    public bool? ReadOnly { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
