namespace Sluice.Entities.Resources;

/// <summary>One measured point: at this batch size (and request rate), this throughput and these percentile latencies.</summary>
public sealed class TuningCurvePoint
{
    public int? MaxBatchSize { get; set; }

    /// <summary>Offered requests per second; absent for a closed-loop (batch) point.</summary>
    public double? RequestRate { get; set; }

    public double? TokensPerSecond { get; set; }

    public double? TtftSeconds { get; set; }

    public double? TpotSeconds { get; set; }
}
