using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>The parts of a claim's spec the operator writes: access modes, storage class and requested size.</summary>
public sealed class PersistentVolumeClaimSpec
{
    public List<string>? AccessModes { get; set; }

    public string? StorageClassName { get; set; }

    public ResourceRequirements? Resources { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
