using Sluice.Contracts.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Controllers.Metrics;

/// <summary>What the operator reads from one scrape of one engine pod's /metrics.</summary>
/// <param name="RequestsByOutcome">Cumulative sluice_requests_total per outcome label.</param>
/// <param name="ConfigMaxRequestRate">The engine's admitted request rate limit; null when unlimited (absent or non-positive).</param>
/// <param name="KvCacheCapacityTokens">Tokens the engine's KV cache holds in all; null when the engine does not export it (or exports no positive number).</param>
/// <param name="ModelInfo">The labels of the engine's sluice_model_info gauge; null when it exports none (an older engine) or one without the quantization and kv_cache_dtype labels.</param>
/// <param name="SloJudgedTotal">Cumulative requests the engine judged against its SLO limits; null when it exports no such counter (no limit was ever set, or an older engine).</param>
/// <param name="SloWithinTotal">Cumulative judged requests within both limits; null like <paramref name="SloJudgedTotal"/>.</param>
/// <param name="ConfigSloTtftSeconds">The TTFT limit the engine judges with; null when none.</param>
/// <param name="ConfigSloTpotSeconds">The TPOT limit the engine judges with; null when none.</param>
public sealed record EngineMetricsSnapshot(
    DateTimeOffset ScrapedAt,
    Histogram Ttft,
    Histogram Tpot,
    IReadOnlyDictionary<string, double> RequestsByOutcome,
    double GenerationTokensTotal,
    double RequestsRunning,
    double RequestsWaiting,
    double KvCacheUsageRatio,
    double? ConfigMaxBatchSize,
    double? ConfigMaxRequestRate,
    double? KvCacheCapacityTokens,
    EngineModelInfo? ModelInfo = null,
    double? SloJudgedTotal = null,
    double? SloWithinTotal = null,
    double? ConfigSloTtftSeconds = null,
    double? ConfigSloTpotSeconds = null)
{
    /// <summary>Extracts the snapshot from parsed samples; throws <see cref="FormatException"/> when a required histogram is missing.</summary>
    public static EngineMetricsSnapshot From(IReadOnlyList<MetricSample> samples, DateTimeOffset scrapedAt)
    {
        double? Scalar(string name) => samples.FirstOrDefault(s => s.Name == name)?.Value;
        var outcomes = samples.Where(s => s.Name == Defs.RequestsTotal.Name && s.Label(MetricLabels.Outcome) is not null)
            .GroupBy(s => s.Label(MetricLabels.Outcome)!)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var rate = Scalar(Defs.ConfigMaxRequestRate.Name);
        var kvCapacity = Scalar(Defs.KvCacheCapacityTokens.Name);
        return new EngineMetricsSnapshot(
            scrapedAt,
            ReadHistogram(samples, Defs.TimeToFirstTokenSeconds),
            ReadHistogram(samples, Defs.TimePerOutputTokenSeconds),
            outcomes,
            Scalar(Defs.GenerationTokensTotal.Name) ?? 0,
            Scalar(Defs.RequestsRunning.Name) ?? 0,
            Scalar(Defs.RequestsWaiting.Name) ?? 0,
            Scalar(Defs.KvCacheUsageRatio.Name) ?? 0,
            Scalar(Defs.ConfigMaxBatchSize.Name),
            rate is > 0 && !double.IsPositiveInfinity(rate.Value) ? rate : null,
            kvCapacity is > 0 && double.IsFinite(kvCapacity.Value) ? kvCapacity : null,
            ReadModelInfo(samples),
            Scalar(Defs.RequestsSloJudgedTotal.Name),
            Scalar(Defs.RequestsWithinSloTotal.Name),
            Positive(Scalar(Defs.ConfigSloTtftSeconds.Name)),
            Positive(Scalar(Defs.ConfigSloTpotSeconds.Name)));
    }

    private static double? Positive(double? value) => value is > 0 && double.IsFinite(value.Value) ? value : null;

    private static EngineModelInfo? ReadModelInfo(IReadOnlyList<MetricSample> samples) =>
        samples.FirstOrDefault(s => s.Name == Defs.ModelInfo.Name && s.Label(MetricLabels.Quantization) is { Length: > 0 } && s.Label(MetricLabels.KvCacheDtype) is { Length: > 0 })
            is { } info
            ? new EngineModelInfo(info.Label(MetricLabels.Model) ?? "", info.Label(MetricLabels.Quantization)!, info.Label(MetricLabels.KvCacheDtype)!)
            : null;

    private static Histogram ReadHistogram(IReadOnlyList<MetricSample> samples, MetricDefinition metric)
    {
        var buckets = samples.Where(s => s.Name == metric.BucketName && s.Label(MetricLabels.Le) is not null)
            .Select(s => (UpperBound: ParseBound(s.Label(MetricLabels.Le)!), s.Value))
            .OrderBy(b => b.UpperBound)
            .ToArray();
        if (buckets.Length == 0)
        {
            // An engine that has not finished a request yet exports no histogram at all.
            return Histogram.Empty([]);
        }

        var sum = samples.FirstOrDefault(s => s.Name == metric.SumName)?.Value ?? 0;
        var count = samples.FirstOrDefault(s => s.Name == metric.CountName)?.Value ?? buckets[^1].Value;
        return new Histogram(buckets.Select(b => b.UpperBound).ToArray(), buckets.Select(b => b.Value).ToArray(), sum, count);
    }

    private static double ParseBound(string le) =>
        le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
}
