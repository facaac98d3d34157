using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Sluice.Engine.Api;

/// <summary>The series of one instrument, keyed by their rendered label set; rendered as one Prometheus metric family.</summary>
internal sealed class MetricFamily(Instrument instrument, double[] bucketBounds)
{
    public Instrument Instrument { get; } = instrument;

    /// <summary>Label set → value (counters and gauges) or histogram state.</summary>
    public Dictionary<string, Series> Series { get; } = [];

    public bool IsObservable => Instrument.IsObservable;

    private string Type => Instrument switch
    {
        Histogram<double> => "histogram",
        ObservableGauge<double> or ObservableGauge<long> or ObservableGauge<int> => "gauge",
        _ => "counter",
    };

    /// <summary>Adds one measurement: sums for counters, the latest value for gauges, a sample for histograms.</summary>
    public void Add(string labels, double value)
    {
        if (!Series.TryGetValue(labels, out var series))
        {
            Series[labels] = series = new Series(bucketBounds.Length);
        }

        switch (Type)
        {
            case "histogram":
                series.Count++;
                series.Sum += value;
                for (var i = 0; i < bucketBounds.Length; i++)
                {
                    if (value <= bucketBounds[i])
                    {
                        series.BucketCounts[i]++;
                    }
                }

                break;
            case "gauge":
            case "counter" when IsObservable:
                series.Sum = value;
                break;
            default:
                series.Sum += value;
                break;
        }
    }

    /// <summary>Appends the HELP, TYPE and sample lines.</summary>
    public void Render(StringBuilder text)
    {
        var name = Instrument.Name;
        var type = Type;
        text.Append("# HELP ").Append(name).Append(' ').Append(Instrument.Description?.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, series) in Series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (type != "histogram")
            {
                Sample(text, name, labels, series.Sum);
                continue;
            }

            for (var i = 0; i < bucketBounds.Length; i++)
            {
                Sample(text, name + "_bucket", Join(labels, $"le=\"{Format(bucketBounds[i])}\""), series.BucketCounts[i]);
            }

            Sample(text, name + "_bucket", Join(labels, "le=\"+Inf\""), series.Count);
            Sample(text, name + "_sum", labels, series.Sum);
            Sample(text, name + "_count", labels, series.Count);
        }
    }

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static string Format(double value) => double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
