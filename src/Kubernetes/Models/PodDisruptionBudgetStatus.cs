using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>PodDisruptionBudgetStatus.</summary>
public sealed class PodDisruptionBudgetStatus
{
    public long? ObservedGeneration { get; set; }

    public int? DisruptionsAllowed { get; set; }

    public int? CurrentHealthy { get; set; }

    public int? DesiredHealthy { get; set; }

    public int? ExpectedPods { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
