using System.Globalization;
using Sluice.Contracts.Metrics;
using Sluice.Controllers.Metrics;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E.OperatorBench;

/// <summary>One read of the operator's /metrics and its resident memory: the histograms the benchmark reports on.</summary>
public sealed record OperatorScrape(Histogram ReconcileSeconds, Histogram QueueWaitSeconds, double QueueDepth, long ResidentBytes, double ManagedHeapBytes)
{
    /// <summary>Scrapes <paramref name="op"/> and reads VmRSS from /proc.</summary>
    public static async Task<OperatorScrape> ReadAsync(HttpClient http, OperatorProcess op)
    {
        var samples = PrometheusTextParser.Parse(await http.GetStringAsync(new Uri(op.HttpAddress, "metrics")));
        return new OperatorScrape(
            HistogramOf(samples, OperatorMetricDefinitions.ReconcileDurationSeconds),
            HistogramOf(samples, OperatorMetricDefinitions.WorkqueueQueueDurationSeconds),
            samples.Where(s => s.Name == OperatorMetricDefinitions.WorkqueueDepth.Name).Sum(s => s.Value),
            ReadResidentBytes(op.ProcessId),
            samples.Where(s => s.Name == "dotnet_total_memory_bytes").Sum(s => s.Value));
    }

    /// <summary>The histogram of <paramref name="definition"/> summed over its label values.</summary>
    private static Histogram HistogramOf(IReadOnlyList<MetricSample> samples, MetricDefinition definition)
    {
        var bounds = definition.Buckets.Append(double.PositiveInfinity).ToArray();
        var counts = new double[bounds.Length];
        foreach (var sample in samples.Where(s => s.Name == definition.BucketName))
        {
            var le = sample.Label("le")!;
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            var index = Array.IndexOf(bounds, bound);
            if (index >= 0)
            {
                counts[index] += sample.Value;
            }
        }

        var sum = samples.Where(s => s.Name == definition.SumName).Sum(s => s.Value);
        var count = samples.Where(s => s.Name == definition.CountName).Sum(s => s.Value);
        return new Histogram(bounds, counts, sum, count);
    }

    private static long ReadResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
    }
}
