using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 EnvVar; valueFrom is preserved as raw JSON.</summary>
public sealed class EnvVar
{
    public string Name { get; set; } = "";

    public string? Value { get; set; }

    public JsonElement? ValueFrom { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
