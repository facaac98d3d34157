using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 ContainerStatus; state is preserved as raw JSON.</summary>
public sealed class ContainerStatus
{
    public string Name { get; set; } = "";

    public bool Ready { get; set; }

    public int RestartCount { get; set; }

    public string? Image { get; set; }

    public string? ImageID { get; set; }

    public bool? Started { get; set; }

    public JsonElement? State { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
