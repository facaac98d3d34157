using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 ServicePort.</summary>
public sealed class ServicePort
{
    public string? Name { get; set; }

    public int Port { get; set; }

    public IntOrString? TargetPort { get; set; }

    public string? Protocol { get; set; }

    public int? NodePort { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
