namespace Sluice.Contracts.Metrics;

/// <summary>Histogram bucket upper bounds, seconds (+Inf is implied). Fine enough for SLO percentiles (DESIGN.md §4).</summary>
public static class MetricBuckets
{
    /// <summary>TTFT, end-to-end and queue time: 5 ms … 60 s.</summary>
    public static readonly IReadOnlyList<double> LatencySeconds =
        [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60];

    /// <summary>Per-token times (TPOT, inter-token latency): 1 ms … 1 s.</summary>
    public static readonly IReadOnlyList<double> TokenSeconds =
        [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1];

    /// <summary>Operator reconcile durations: 1 ms … 60 s.</summary>
    public static readonly IReadOnlyList<double> ReconcileSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
}
