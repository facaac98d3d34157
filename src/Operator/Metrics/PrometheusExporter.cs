using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Sluice.Operator.Metrics;

/// <summary>
/// Collects the instruments of the named meters through a <see cref="MeterListener"/> and renders them in
/// the Prometheus text format: counters as <c>_total</c>-named counters, histograms with fixed buckets
/// (<see cref="BucketBounds"/>) plus <c>_sum</c>/<c>_count</c>, observable gauges read at scrape time.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>Upper bounds (seconds) of the histogram buckets: 1 ms … 60 s.</summary>
    public static readonly double[] BucketBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _counters = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _gauges = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), HistogramState> _histograms = new();
    private readonly ConcurrentDictionary<string, (string Type, string Help)> _metadata = new();

    public PrometheusExporter(params string[] meterNames)
    {
        var names = meterNames.ToHashSet(StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!names.Contains(instrument.Meter.Name))
            {
                return;
            }

            var type = instrument switch
            {
                Counter<long> or Counter<double> => "counter",
                Histogram<double> or Histogram<long> => "histogram",
                _ => "gauge",
            };
            _metadata[instrument.Name] = (type, instrument.Description ?? instrument.Name);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The current values in Prometheus text format (version 0.0.4).</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var (name, (type, help)) in _metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            var source = type == "counter" ? _counters : _gauges;
            if (type == "histogram")
            {
                foreach (var ((_, labels), state) in _histograms.Where(h => h.Key.Name == name).OrderBy(h => h.Key.Labels, StringComparer.Ordinal))
                {
                    state.Write(text, name, labels);
                }

                continue;
            }

            foreach (var ((_, labels), value) in source.Where(c => c.Key.Name == name).OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{Braced(labels)} {Number(value)}\n");
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Braced(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = (instrument.Name, Labels(tags));
        switch (_metadata.TryGetValue(instrument.Name, out var meta) ? meta.Type : "gauge")
        {
            case "counter":
                _counters.AddOrUpdate(key, value, (_, old) => old + value);
                break;
            case "histogram":
                _histograms.GetOrAdd(key, _ => new HistogramState(BucketBounds)).Observe(value);
                break;
            default:
                _gauges[key] = value;
                break;
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }
}
