using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 ContainerPort.</summary>
public sealed class ContainerPort
{
    public string? Name { get; set; }

    /// <summary>The containerPort field.</summary>
    [JsonPropertyName("containerPort")]
    public int Port { get; set; }

    public string? Protocol { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
