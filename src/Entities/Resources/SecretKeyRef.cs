using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>One key of a Secret in the LLMDeployment's namespace.</summary>
public sealed class SecretKeyRef
{
    [Required]
    [Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    [Length(1, 253)]
    public string Name { get; set; } = "";

    [Pattern("^[-._a-zA-Z0-9]+$")]
    [Length(1, 253)]
    [Default("token")]
    public string? Key { get; set; }
}
