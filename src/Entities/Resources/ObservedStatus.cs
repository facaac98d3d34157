namespace Sluice.Entities.Resources;

/// <summary>Live latency and load over the recent window, across all replicas; percentiles are at spec.slo.percentile.</summary>
public sealed class ObservedStatus
{
    /// <summary>Time to first token at the SLO percentile, in seconds.</summary>
    public double? TtftSeconds { get; set; }

    /// <summary>Time per output token at the SLO percentile, in seconds.</summary>
    public double? TpotSeconds { get; set; }

    /// <summary>Arriving requests per second (429-rejected ones included: they are demand).</summary>
    public double? RequestRate { get; set; }

    public double? TokensPerSecond { get; set; }

    /// <summary>Requests waiting across the replicas.</summary>
    public double? Queue { get; set; }

    /// <summary>Lower bound of the fraction (0–1) of requests that met both SLOs.</summary>
    public double? SloAttainment { get; set; }
}
