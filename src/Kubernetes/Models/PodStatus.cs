using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 PodStatus.</summary>
public sealed class PodStatus
{
    public string? Phase { get; set; }

    public List<PodCondition>? Conditions { get; set; }

    public string? PodIP { get; set; }

    public string? HostIP { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartTime { get; set; }

    public List<ContainerStatus>? ContainerStatuses { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
