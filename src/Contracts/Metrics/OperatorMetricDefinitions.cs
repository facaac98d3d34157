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

    public static readonly IReadOnlyList<MetricDefinition> All = [ReconcileTotal, ReconcileDurationSeconds, WorkqueueDepth];
}
