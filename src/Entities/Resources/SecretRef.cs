using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>A Secret in the LLMDeployment's namespace, by name (the keys it must hold depend on where it is used).</summary>
public sealed class SecretRef
{
    [Required]
    [Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    [Length(1, 253)]
    public string Name { get; set; } = "";
}
