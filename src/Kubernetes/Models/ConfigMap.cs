namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 ConfigMap.</summary>
public sealed class ConfigMap : KubernetesObject
{
    public ConfigMap()
    {
        ApiVersion = "v1";
        Kind = "ConfigMap";
    }

    public Dictionary<string, string>? Data { get; set; }

    public Dictionary<string, byte[]>? BinaryData { get; set; }

    public bool? Immutable { get; set; }
}
