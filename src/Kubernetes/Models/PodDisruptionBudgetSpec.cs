using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>PodDisruptionBudgetSpec: one of minAvailable/maxUnavailable.</summary>
public sealed class PodDisruptionBudgetSpec
{
    public IntOrString? MinAvailable { get; set; }

    public IntOrString? MaxUnavailable { get; set; }

    public LabelSelector? Selector { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
