using System.Text.Json;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 Service.</summary>
public sealed class Service : KubernetesObject
{
    public Service()
    {
        ApiVersion = "v1";
        Kind = "Service";
    }

    public ServiceSpec? Spec { get; set; }

    public JsonElement? Status { get; set; }
}
