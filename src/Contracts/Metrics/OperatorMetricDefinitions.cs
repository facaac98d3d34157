namespace Sluice.Contracts.Metrics;

/// <summary>The operator's own metrics at its <c>/metrics</c>.</summary>
public static class OperatorMetricDefinitions
{
    public static readonly MetricDefinition ReconcileTotal =
        MetricDefinition.Counter("sluice_operator_reconcile_total", "LLMDeployment reconciles by result", MetricLabels.Result);

    public static readonly MetricDefinition ReconcileDurationSeconds =
        MetricDefinition.Histogram("sluice_operator_reconcile_duration_seconds", "LLMDeployment reconcile duration", MetricBuckets.ReconcileSeconds, MetricLabels.Result);

    public static readonly MetricDefinition WorkqueueDepth =
        MetricDefinition.Gauge("sluice_operator_workqueue_depth", "LLMDeployment keys waiting to be reconciled");

    public static readonly MetricDefinition WorkqueueQueueDurationSeconds =
        MetricDefinition.Histogram("sluice_operator_workqueue_queue_duration_seconds", "Time an LLMDeployment key waited in the work queue before a reconcile took it", MetricBuckets.ReconcileSeconds);

    public static readonly MetricDefinition Leader =
        MetricDefinition.Gauge("sluice_operator_leader", "1 while this replica holds the leader Lease and runs the controllers, else 0");

    public static readonly IReadOnlyList<MetricDefinition> All = [ReconcileTotal, ReconcileDurationSeconds, WorkqueueDepth, WorkqueueQueueDurationSeconds, Leader];
}
