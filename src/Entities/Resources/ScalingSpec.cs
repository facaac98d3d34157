using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>Replica bounds for the autoscaler; minReplicas greater than maxReplicas degrades the resource.</summary>
public sealed class ScalingSpec
{
    [Minimum(0)]
    [Maximum(1000)]
    [Default(1)]
    public int? MinReplicas { get; set; }

    /// <summary>Absent means equal to minReplicas (no autoscaling).</summary>
    [Minimum(0)]
    [Maximum(1000)]
    public int? MaxReplicas { get; set; }

    /// <summary>How long load must stay low before a replica is removed, e.g. <c>5m</c>.</summary>
    [Pattern(DurationText.Pattern)]
    [Default("5m")]
    public string? ScaleDownDelay { get; set; }

    /// <summary>Stops the autoscaler and the tuner; the Deployment keeps minReplicas.</summary>
    [Default(false)]
    public bool? Paused { get; set; }
}
