namespace Sluice.Controllers.Metrics;

/// <summary>One sample line of the Prometheus text format: <c>name{labels} value</c>.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The value of label <paramref name="label"/>, or null.</summary>
    public string? Label(string label) => Labels.TryGetValue(label, out var v) ? v : null;
}
