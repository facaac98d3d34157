using Prometheus;
using Sluice.Contracts.Metrics;

namespace Sluice.Engine.Engine;

/// <summary>Creates prometheus-net metrics exactly as a <see cref="MetricDefinition"/> of the shared contract says.</summary>
internal static class MetricFactoryExtensions
{
    /// <summary>A counter that appears at its first increment (or at once when labelled: per label set then).</summary>
    public static Counter CreateCounter(this IMetricFactory factory, MetricDefinition metric) =>
        factory.CreateCounter(Expect(metric, MetricKind.Counter).Name, metric.Help, [.. metric.LabelNames], new CounterConfiguration { SuppressInitialValue = true });

    public static Gauge CreateGauge(this IMetricFactory factory, MetricDefinition metric) =>
        factory.CreateGauge(Expect(metric, MetricKind.Gauge).Name, metric.Help, [.. metric.LabelNames]);

    /// <summary>A histogram with the contract's buckets that appears at its first observation.</summary>
    public static Histogram CreateHistogram(this IMetricFactory factory, MetricDefinition metric) =>
        factory.CreateHistogram(Expect(metric, MetricKind.Histogram).Name, metric.Help, [.. metric.LabelNames],
            new HistogramConfiguration { Buckets = [.. metric.Buckets], SuppressInitialValue = true });

    private static MetricDefinition Expect(MetricDefinition metric, MetricKind kind) =>
        metric.Kind == kind ? metric : throw new ArgumentException($"{metric.Name} is a {metric.Kind}, not a {kind}", nameof(metric));
}
