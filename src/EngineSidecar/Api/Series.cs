namespace Sluice.Engine.Api;

/// <summary>One label set's state: the value (counters, gauges) or count, sum and cumulative bucket counts (histograms).</summary>
internal sealed class Series(int numBuckets)
{
    public double Sum { get; set; }

    public long Count { get; set; }

    /// <summary>Samples at or below each bucket bound (cumulative, as Prometheus wants).</summary>
    public long[] BucketCounts { get; } = new long[numBuckets];
}
