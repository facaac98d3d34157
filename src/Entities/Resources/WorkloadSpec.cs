using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>Typical request lengths, hints for the tuner's profiling sweep.</summary>
public sealed class WorkloadSpec
{
    /// <summary>Typical prompt length in tokens.</summary>
    [Minimum(1)]
    [Maximum(1048576)]
    public int? InputTokens { get; set; }

    /// <summary>Typical completion length in tokens.</summary>
    [Minimum(1)]
    [Maximum(1048576)]
    public int? OutputTokens { get; set; }
}
