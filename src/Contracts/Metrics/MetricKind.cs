namespace Sluice.Contracts.Metrics;

/// <summary>The Prometheus type a metric is exposed as.</summary>
public enum MetricKind
{
    /// <summary>Cumulative; its name ends in <c>_total</c>, exactly as exposed and scraped.</summary>
    Counter,

    /// <summary>A value that goes up and down, read at scrape time.</summary>
    Gauge,

    /// <summary>Cumulative <c>_bucket{le}</c>, <c>_sum</c> and <c>_count</c> series with fixed <see cref="MetricDefinition.Buckets"/>.</summary>
    Histogram,
}
