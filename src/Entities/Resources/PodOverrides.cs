using System.Text.Json;
using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Models;

namespace Sluice.Entities.Resources;

/// <summary>Pod settings users expect to control; merged over what the GPU catalog asks for.</summary>
public sealed class PodOverrides
{
    public Dictionary<string, string>? NodeSelector { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    /// <summary>A core/v1 Affinity, passed through unchanged.</summary>
    [PreserveUnknownFields]
    public JsonElement? Affinity { get; set; }

    [Length(maximum: 253)]
    public string? PriorityClassName { get; set; }

    /// <summary>Annotations for the engine pods (not the Deployment).</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Extra environment variables of the engine container.</summary>
    public List<EnvVar>? Env { get; set; }
}
