using System.Globalization;
using Sluice.Contracts.Metrics;
using Sluice.Controllers.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// Turns the page of a proxied runtime's pod — the admission proxy's own <c>sluice_*</c> metrics followed by the runtime's
/// exposition — into the <see cref="EngineMetricsSnapshot"/> the SLO loop reads. Latencies, running and waiting requests, KV
/// usage and output tokens come from the runtime (<see cref="RuntimeMetricNames"/>); request outcomes (demand, 429s) and the
/// levers in force from the proxy, which sees every request. Where the runtime exports no such signal the proxy's stands in:
/// its TTFT of streamed requests, its in-flight count up to the batch limit as running, and in-flight above the limit as waiting. A page
/// that cannot serve the loop throws <see cref="FormatException"/> naming what is missing, so it is reported, never half-used.
/// </summary>
public static class RuntimeSnapshotReader
{
    /// <summary>The snapshot; <see cref="FormatException"/> when the runtime's or the proxy's metrics are missing.</summary>
    public static EngineMetricsSnapshot Read(IReadOnlyList<MetricSample> samples, RuntimeMetricNames names, DateTimeOffset scrapedAt)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(names);
        if (!samples.Any(s => s.Name.StartsWith(names.Prefix, StringComparison.Ordinal)))
        {
            throw new FormatException($"the page carries no {names.Prefix}* metric: the runtime's metrics are missing (metrics turned off, another runtime, or {names.MetricsPath} not served)");
        }

        var batch = Sum(samples, Defs.ConfigMaxBatchSize.Name)
            ?? throw new FormatException($"the page carries no {Defs.ConfigMaxBatchSize.Name}: the admission proxy's metrics are missing");
        var outcomes = samples.Where(s => s.Name == Defs.RequestsTotal.Name && s.Label(MetricLabels.Outcome) is not null)
            .GroupBy(s => s.Label(MetricLabels.Outcome)!)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
        var finished = outcomes.GetValueOrDefault(RequestOutcomes.Finished);
        var ttft = names.TtftHistograms.Count == 0
            ? ReadHistogram(samples, [Defs.TimeToFirstTokenSeconds.Name], "the admission proxy's", 0)
            : ReadHistogram(samples, names.TtftHistograms, "the runtime's", finished);
        var tpot = ReadHistogram(samples, names.TpotHistograms, "the runtime's", finished);
        var inFlight = Sum(samples, Defs.RequestsRunning.Name) ?? 0;
        var rate = Sum(samples, Defs.ConfigMaxRequestRate.Name);
        return new EngineMetricsSnapshot(
            scrapedAt,
            ttft,
            tpot,
            outcomes,
            First(samples, names.GenerationTokenCounters, Sum) ?? 0,
            First(samples, names.RunningGauges, Sum) ?? Math.Min(inFlight, batch),
            First(samples, names.WaitingGauges, Sum) ?? Math.Max(0, inFlight - batch),
            (First(samples, names.KvUsageGauges, Mean) ?? 0) * names.KvUsageScale,
            batch,
            Positive(rate),
            KvCacheCapacityTokens: null,
            ConfigSloTtftSeconds: Positive(Sum(samples, Defs.ConfigSloTtftSeconds.Name)),
            ConfigSloTpotSeconds: Positive(Sum(samples, Defs.ConfigSloTpotSeconds.Name)));
    }

    private static double? Positive(double? value) => value is > 0 && double.IsFinite(value.Value) ? value : null;

    private static double? First(IReadOnlyList<MetricSample> samples, IReadOnlyList<string> names, Func<IReadOnlyList<MetricSample>, string, double?> read) =>
        names.Select(n => read(samples, n)).FirstOrDefault(v => v is not null);

    private static double? Sum(IReadOnlyList<MetricSample> samples, string name)
    {
        var values = samples.Where(s => s.Name == name && double.IsFinite(s.Value)).Select(s => s.Value).ToList();
        return values.Count == 0 ? null : values.Sum();
    }

    private static double? Mean(IReadOnlyList<MetricSample> samples, string name)
    {
        var values = samples.Where(s => s.Name == name && double.IsFinite(s.Value)).Select(s => s.Value).ToList();
        return values.Count == 0 ? null : values.Average();
    }

    /// <summary>
    /// The first family of <paramref name="candidates"/> that has buckets, summed over its label sets. None: an empty histogram
    /// while nothing finished yet, a <see cref="FormatException"/> once <paramref name="finished"/> requests went through.
    /// </summary>
    private static Histogram ReadHistogram(IReadOnlyList<MetricSample> samples, IReadOnlyList<string> candidates, string whose, double finished)
    {
        foreach (var name in candidates)
        {
            var buckets = samples.Where(s => s.Name == name + "_bucket" && s.Label(MetricLabels.Le) is not null)
                .GroupBy(s => ParseBound(s.Label(MetricLabels.Le)!))
                .Select(g => (UpperBound: g.Key, Count: g.Sum(s => s.Value)))
                .OrderBy(b => b.UpperBound)
                .ToArray();
            if (buckets.Length == 0)
            {
                continue;
            }

            if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
            {
                throw new FormatException($"{name} has no +Inf bucket");
            }

            var count = Sum(samples, name + "_count") ?? buckets[^1].Count;
            return new Histogram(buckets.Select(b => b.UpperBound).ToArray(), buckets.Select(b => b.Count).ToArray(), Sum(samples, name + "_sum") ?? 0, count);
        }

        if (finished > 0)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"{finished:0} requests finished but the page carries none of {whose} histograms {string.Join(", ", candidates)}"));
        }

        return Histogram.Empty([]);
    }

    private static double ParseBound(string le) =>
        le == "+Inf" ? double.PositiveInfinity
        : double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) ? bound
        : throw new FormatException($"bucket bound le=\"{le}\" is not a number");
}
