namespace Sluice.Entities.Resources;

/// <summary>Live latency and load over the recent window, across all replicas.</summary>
public sealed class ObservedStatus
{
    public double? TtftP95Seconds { get; set; }

    public double? TpotP95Seconds { get; set; }

    public double? RequestRate { get; set; }

    public double? TokensPerSecond { get; set; }

    /// <summary>Fraction (0–1) of requests that met both SLOs.</summary>
    public double? SloAttainment { get; set; }
}
