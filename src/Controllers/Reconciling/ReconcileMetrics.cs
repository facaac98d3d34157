using Prometheus;
using Sluice.Contracts.Metrics;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// The operator's metrics (<see cref="OperatorMetricDefinitions"/>) in a prometheus-net registry of their own: a
/// counter of reconciles by result (<see cref="ReconcileResults"/>), a histogram of their durations in seconds, the
/// work-queue depth gauge, a histogram of the time keys wait in the queue and the leader gauge, plus prometheus-net's process and .NET runtime metrics. The host exports
/// <see cref="Registry"/> at <c>/metrics</c>.
/// </summary>
public sealed class ReconcileMetrics
{
    private readonly Counter _reconciles;
    private readonly Histogram _durations;
    private readonly Gauge _queueDepth;
    private readonly Histogram _queueWaits;
    private readonly Gauge _leader;
    private Func<int> _depth = () => 0;
    private Func<bool> _leading = () => false;

    public ReconcileMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        var total = OperatorMetricDefinitions.ReconcileTotal;
        var duration = OperatorMetricDefinitions.ReconcileDurationSeconds;
        var depth = OperatorMetricDefinitions.WorkqueueDepth;
        _reconciles = factory.CreateCounter(total.Name, total.Help, [.. total.LabelNames]);
        _durations = factory.CreateHistogram(duration.Name, duration.Help, [.. duration.LabelNames], new HistogramConfiguration { Buckets = [.. duration.Buckets] });
        _queueDepth = factory.CreateGauge(depth.Name, depth.Help, [.. depth.LabelNames]);
        var wait = OperatorMetricDefinitions.WorkqueueQueueDurationSeconds;
        _queueWaits = factory.CreateHistogram(wait.Name, wait.Help, [.. wait.LabelNames], new HistogramConfiguration { Buckets = [.. wait.Buckets] });
        var leader = OperatorMetricDefinitions.Leader;
        _leader = factory.CreateGauge(leader.Name, leader.Help, [.. leader.LabelNames]);
        Registry.AddBeforeCollectCallback(() =>
        {
            _queueDepth.Set(_depth());
            _leader.Set(_leading() ? 1 : 0);
        });
    }

    /// <summary>The registry to export.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Counts one reconcile with a <see cref="ReconcileResults"/> value and records its duration.</summary>
    public void Record(string result, TimeSpan duration)
    {
        _reconciles.WithLabels(result).Inc();
        _durations.WithLabels(result).Observe(duration.TotalSeconds);
    }

    /// <summary>Reads the work-queue depth gauge from <paramref name="depth"/> at every scrape.</summary>
    public void ObserveQueueDepth(Func<int> depth) => _depth = depth;

    /// <summary>Records how long one key waited in the work queue before it was taken (the queue's <c>Waited</c> observer).</summary>
    public void RecordQueueWait(TimeSpan waited) => _queueWaits.Observe(waited.TotalSeconds);

    /// <summary>Reads the leader gauge from <paramref name="leading"/> at every scrape.</summary>
    public void ObserveLeader(Func<bool> leading) => _leading = leading;
}
