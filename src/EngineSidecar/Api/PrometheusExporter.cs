using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Sluice.Engine.Api;

/// <summary>
/// Collects the measurements of one <see cref="Meter"/> with a <see cref="MeterListener"/> and renders them as
/// Prometheus text (exposition format 0.0.4). Counters are cumulative sums, histograms use the bucket
/// boundaries from the instrument's advice, observable instruments are read at scrape time.
/// Instrument names are used as metric names unchanged.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, MetricFamily> _families = [];

    public PrometheusExporter(Meter meter)
    {
        _meter = meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                lock (_lock)
                {
                    _families[instrument] = new MetricFamily(instrument, BucketsOf(instrument));
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Content type of <see cref="Render"/>'s output.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>All metrics as Prometheus text; observable instruments are sampled now.</summary>
    public string Render()
    {
        lock (_lock)
        {
            foreach (var family in _families.Values.Where(f => f.IsObservable))
            {
                family.Series.Clear();
            }
        }

        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (_lock)
        {
            foreach (var family in _families.Values.OrderBy(f => f.Instrument.Name, StringComparer.Ordinal))
            {
                family.Render(text);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_lock)
        {
            if (_families.TryGetValue(instrument, out var family))
            {
                family.Add(labels, value);
            }
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var parts = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var escaped = Convert.ToString(value, CultureInfo.InvariantCulture)?
                .Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal) ?? string.Empty;
            parts.Add($"{key}=\"{escaped}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }

    private static double[] BucketsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets],
        _ => DefaultBuckets,
    };
}
