namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 Secret. Data values are bytes (base64 on the wire).</summary>
public sealed class Secret : KubernetesObject
{
    public Secret()
    {
        ApiVersion = "v1";
        Kind = "Secret";
    }

    public string? Type { get; set; }

    public Dictionary<string, byte[]>? Data { get; set; }

    public Dictionary<string, string>? StringData { get; set; }

    public bool? Immutable { get; set; }
}
