using System.Globalization;
using System.Text;

namespace Sluice.Operator.Metrics;

/// <summary>Cumulative bucket counts, sum and count of one histogram series; thread-safe.</summary>
internal sealed class HistogramState(double[] bounds)
{
    private readonly long[] _buckets = new long[bounds.Length];
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;

    public void Observe(double value)
    {
        lock (_lock)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                if (value <= bounds[i])
                {
                    _buckets[i]++;
                }
            }

            _count++;
            _sum += value;
        }
    }

    public void Write(StringBuilder text, string name, string labels)
    {
        lock (_lock)
        {
            var prefix = labels.Length == 0 ? "" : labels + ",";
            for (var i = 0; i < bounds.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{PrometheusExporter.Number(bounds[i])}\"}} {_buckets[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"+Inf\"}} {_count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{PrometheusExporter.Braced(labels)} {PrometheusExporter.Number(_sum)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{PrometheusExporter.Braced(labels)} {_count}\n");
        }
    }
}
