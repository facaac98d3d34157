using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>The GPU each replica gets: a type from the operator's GPU catalog and how many.</summary>
public sealed class GpuSpec
{
    /// <summary>A name from the GPU catalog, e.g. <c>nvidia-h100-80gb</c>; an unknown name degrades the resource.</summary>
    [Required]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    [Length(1, 63)]
    public string Type { get; set; } = "";

    /// <summary>
    /// GPUs per replica. With the sluice runtime only 1 is served today (the engine does not shard a model across
    /// GPUs yet): a larger count degrades the resource with reason GpuCountUnsupported instead of being ignored.
    /// </summary>
    [Minimum(1)]
    [Maximum(16)]
    [Default(1)]
    public int? Count { get; set; }
}
