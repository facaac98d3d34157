using System.Text.Json;

namespace Sluice.Kubernetes.Models;

/// <summary>The status (an empty object enables it) and scale subresources of a CRD version.</summary>
public sealed class CustomResourceSubresources
{
    public JsonElement? Status { get; set; }

    public CustomResourceSubresourceScale? Scale { get; set; }
}
