namespace Sluice.Entities.Resources;

/// <summary>One measured point: at this batch size, this throughput and these percentile latencies.</summary>
public sealed class TuningCurvePoint
{
    public int? MaxBatchSize { get; set; }

    public double? TokensPerSecond { get; set; }

    public double? TtftSeconds { get; set; }

    public double? TpotSeconds { get; set; }
}
