using System.Text.Json;
using k8s.Models;
using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>Pod settings users expect to control; merged over what the GPU catalog asks for.</summary>
public sealed class PodOverrides
{
    public Dictionary<string, string>? NodeSelector { get; set; }

    public List<V1Toleration>? Tolerations { get; set; }

    /// <summary>A core/v1 Affinity for the engine pods.</summary>
    [PreserveUnknownFields]
    public JsonElement? Affinity { get; set; }

    [Length(maximum: 253)]
    public string? PriorityClassName { get; set; }

    /// <summary>Annotations for the engine pods (not the Deployment).</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Extra environment variables of the engine container.</summary>
    public List<V1EnvVar>? Env { get; set; }
}
