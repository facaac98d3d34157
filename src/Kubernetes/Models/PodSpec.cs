using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 PodSpec (common fields; the rest is preserved).</summary>
public sealed class PodSpec
{
    public List<Container> Containers { get; set; } = [];

    public List<Container>? InitContainers { get; set; }

    public List<Volume>? Volumes { get; set; }

    public string? NodeName { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    public string? ServiceAccountName { get; set; }

    public string? RestartPolicy { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
