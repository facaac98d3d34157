using System.Text.Json;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 Namespace.</summary>
public sealed class Namespace : KubernetesObject
{
    public Namespace()
    {
        ApiVersion = "v1";
        Kind = "Namespace";
    }

    public JsonElement? Spec { get; set; }

    public NamespaceStatus? Status { get; set; }
}
