namespace Sluice.Contracts.Metrics;

/// <summary>Histogram bucket upper bounds, seconds (+Inf is implied). Fine enough for SLO percentiles (DESIGN.md §4).</summary>
public static class MetricBuckets
{
    /// <summary>
    /// TTFT, end-to-end and queue time: 5 ms … 60 s, every 0.1 s from 0.5 s to 1 s and every 0.25 s to 2 s, where TTFT
    /// limits usually sit (a percentile is interpolated within a bucket, so its width is the estimate's error bound).
    /// </summary>
    public static readonly IReadOnlyList<double> LatencySeconds =
        [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 45, 60];

    /// <summary>Per-token times (TPOT, inter-token latency): 1 ms … 1 s, every 1 ms to 20 ms and every 2 ms to 30 ms, where TPOT limits usually sit.</summary>
    public static readonly IReadOnlyList<double> TokenSeconds =
    [
        0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.011, 0.012, 0.013, 0.014, 0.015, 0.016, 0.017, 0.018, 0.019, 0.02,
        0.022, 0.024, 0.026, 0.028, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1,
    ];

    /// <summary>Operator reconcile durations: 1 ms … 60 s.</summary>
    public static readonly IReadOnlyList<double> ReconcileSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
}
