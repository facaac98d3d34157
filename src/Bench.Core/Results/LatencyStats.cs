using Sluice.Bench.Stats;

namespace Sluice.Bench.Results;

/// <summary>Distribution of one latency (seconds): count, mean, min, max and the p50/p90/p95/p99 of <see cref="Percentiles.Of"/>. Null fields mean no samples.</summary>
public sealed record LatencyStats
{
    /// <summary>Number of samples.</summary>
    public required int Count { get; init; }

    /// <summary>Arithmetic mean.</summary>
    public double? Mean { get; init; }

    /// <summary>Smallest sample.</summary>
    public double? Min { get; init; }

    /// <summary>Median (linear interpolation).</summary>
    public double? P50 { get; init; }

    /// <summary>90th percentile.</summary>
    public double? P90 { get; init; }

    /// <summary>95th percentile.</summary>
    public double? P95 { get; init; }

    /// <summary>99th percentile.</summary>
    public double? P99 { get; init; }

    /// <summary>Largest sample.</summary>
    public double? Max { get; init; }

    /// <summary>The statistics of <paramref name="samples"/>.</summary>
    public static LatencyStats From(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return new LatencyStats { Count = 0 };
        }

        return new LatencyStats
        {
            Count = samples.Count,
            Mean = samples.Average(),
            Min = samples.Min(),
            P50 = Percentiles.Of(samples, 50),
            P90 = Percentiles.Of(samples, 90),
            P95 = Percentiles.Of(samples, 95),
            P99 = Percentiles.Of(samples, 99),
            Max = samples.Max(),
        };
    }
}
