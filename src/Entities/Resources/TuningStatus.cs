namespace Sluice.Entities.Resources;

/// <summary>The engine knobs the tuner settled on and the load/latency curve it measured.</summary>
public sealed class TuningStatus
{
    public int? MaxBatchSize { get; set; }

    /// <summary>Admitted requests per second; null means unlimited.</summary>
    public double? MaxRequestRate { get; set; }

    public List<TuningCurvePoint>? Curve { get; set; }

    /// <summary>metadata.generation of the spec the profiling sweep last ran for; a newer generation profiles again.</summary>
    public long? ProfiledGeneration { get; set; }
}
