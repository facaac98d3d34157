namespace Sluice.Contracts.Metrics;

/// <summary>
/// One metric of a wire contract: the exposed name (counters include their <c>_total</c> suffix), its type, help
/// text, label names (in exposition order) and, for histograms, the bucket upper bounds (seconds; +Inf implied).
/// </summary>
public sealed record MetricDefinition(string Name, MetricKind Kind, string Help, IReadOnlyList<string> LabelNames, IReadOnlyList<double> Buckets)
{
    /// <summary>An unlabelled counter; <paramref name="name"/> must end in <c>_total</c>.</summary>
    public static MetricDefinition Counter(string name, string help, params string[] labelNames) =>
        name.EndsWith("_total", StringComparison.Ordinal)
            ? new(name, MetricKind.Counter, help, labelNames, [])
            : throw new ArgumentException($"counter name '{name}' must end in _total", nameof(name));

    public static MetricDefinition Gauge(string name, string help, params string[] labelNames) => new(name, MetricKind.Gauge, help, labelNames, []);

    public static MetricDefinition Histogram(string name, string help, IReadOnlyList<double> buckets, params string[] labelNames) =>
        new(name, MetricKind.Histogram, help, labelNames, buckets);

    /// <summary>The histogram's bucket series name.</summary>
    public string BucketName => Name + "_bucket";

    /// <summary>The histogram's sum series name.</summary>
    public string SumName => Name + "_sum";

    /// <summary>The histogram's count series name.</summary>
    public string CountName => Name + "_count";
}
