using System.Diagnostics.Metrics;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Reconcile instruments on the <c>Sluice.Operator</c> meter: a counter of reconciles by result
/// (success, requeue, degraded, conflict, error) and a histogram of their durations in seconds.
/// </summary>
public sealed class ReconcileMetrics : IDisposable
{
    public const string MeterName = "Sluice.Operator";
    public const string ReconcileTotal = "sluice_operator_reconcile_total";
    public const string ReconcileDuration = "sluice_operator_reconcile_duration_seconds";
    public const string QueueDepth = "sluice_operator_workqueue_depth";

    private readonly Counter<long> _reconciles;
    private readonly Histogram<double> _durations;

    public ReconcileMetrics()
    {
        Meter = new Meter(MeterName);
        _reconciles = Meter.CreateCounter<long>(ReconcileTotal, description: "LLMDeployment reconciles by result");
        _durations = Meter.CreateHistogram<double>(ReconcileDuration, unit: "s", description: "LLMDeployment reconcile duration");
    }

    public Meter Meter { get; }

    public void Record(string result, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("result", result);
        _reconciles.Add(1, tag);
        _durations.Record(duration.TotalSeconds, tag);
    }

    public void Dispose() => Meter.Dispose();
}
