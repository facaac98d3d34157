using Prometheus;
using Sluice.Contracts.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Engine.Engine;

/// <summary>
/// The engine's metrics (names, help, labels and buckets from <see cref="EngineMetricDefinitions"/>, the contract
/// the operator scrapes) in a prometheus-net registry of their own, one per server, so several servers can share
/// a process. The registry also carries prometheus-net's process and .NET runtime metrics. Gauges and the
/// prefix-cache counters are read from the engine's snapshot at scrape time. Counters and histograms are exposed
/// from their first measurement on (an engine that finished no request exports no latency histogram).
/// </summary>
public sealed class EngineMetrics
{
    private readonly Counter _requests;
    private readonly Gauge _modelInfo;

    public EngineMetrics(Func<EngineGaugeSnapshot> gauges)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        TimeToFirstTokenSeconds = factory.CreateHistogram(Defs.TimeToFirstTokenSeconds);
        TimePerOutputTokenSeconds = factory.CreateHistogram(Defs.TimePerOutputTokenSeconds);
        InterTokenLatencySeconds = factory.CreateHistogram(Defs.InterTokenLatencySeconds);
        E2eRequestLatencySeconds = factory.CreateHistogram(Defs.E2eRequestLatencySeconds);
        RequestQueueTimeSeconds = factory.CreateHistogram(Defs.RequestQueueTimeSeconds);
        PromptTokens = factory.CreateCounter(Defs.PromptTokensTotal);
        GenerationTokens = factory.CreateCounter(Defs.GenerationTokensTotal);
        Preemptions = factory.CreateCounter(Defs.PreemptionsTotal);
        _requests = factory.CreateCounter(Defs.RequestsTotal);
        RequestsSloJudged = factory.CreateCounter(Defs.RequestsSloJudgedTotal);
        RequestsWithinSlo = factory.CreateCounter(Defs.RequestsWithinSloTotal);
        _modelInfo = factory.CreateGauge(Defs.ModelInfo);

        var prefixQueries = factory.CreateCounter(Defs.PrefixCacheQueriesTotal);
        var prefixHits = factory.CreateCounter(Defs.PrefixCacheHitsTotal);
        var running = factory.CreateGauge(Defs.RequestsRunning);
        var waiting = factory.CreateGauge(Defs.RequestsWaiting);
        var kvUsage = factory.CreateGauge(Defs.KvCacheUsageRatio);
        var kvCapacity = factory.CreateGauge(Defs.KvCacheCapacityTokens);
        var batchSize = factory.CreateGauge(Defs.BatchSize);
        var maxBatchSize = factory.CreateGauge(Defs.ConfigMaxBatchSize);
        var maxRequestRate = factory.CreateGauge(Defs.ConfigMaxRequestRate);
        var maxBatchedTokens = factory.CreateGauge(Defs.ConfigMaxBatchedTokens);
        var sloTtft = factory.CreateGauge(Defs.ConfigSloTtftSeconds);
        var sloTpot = factory.CreateGauge(Defs.ConfigSloTpotSeconds);
        Registry.AddBeforeCollectCallback(() =>
        {
            var now = gauges();
            running.Set(now.NumRunning);
            waiting.Set(now.NumWaiting);
            kvUsage.Set(now.KvCacheUsageRatio);
            kvCapacity.Set(now.KvCacheCapacityTokens);
            batchSize.Set(now.BatchSize);
            maxBatchSize.Set(now.MaxBatchSize);
            maxRequestRate.Set(now.MaxRequestRate ?? 0d);
            maxBatchedTokens.Set(now.MaxBatchedTokens);
            sloTtft.Set(now.SloTtftSeconds ?? 0d);
            sloTpot.Set(now.SloTpotSeconds ?? 0d);
            prefixQueries.IncTo(now.PrefixCacheQueriedTokens);
            prefixHits.IncTo(now.PrefixCacheHitTokens);
        });
    }

    /// <summary>The registry <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>
    /// Publishes <c>sluice_model_info{model, quantization, kv_cache_dtype} 1</c>: the served model name and the weight
    /// quantization and KV cache element type really in force (wire names of /v1/models).
    /// </summary>
    public void PublishModelInfo(string model, string quantization, string kvCacheDtype) =>
        _modelInfo.WithLabels(kvCacheDtype, model, quantization).Set(1);

    public Histogram TimeToFirstTokenSeconds { get; }

    public Histogram TimePerOutputTokenSeconds { get; }

    public Histogram InterTokenLatencySeconds { get; }

    public Histogram E2eRequestLatencySeconds { get; }

    public Histogram RequestQueueTimeSeconds { get; }

    public Counter PromptTokens { get; }

    public Counter GenerationTokens { get; }

    public Counter Preemptions { get; }

    /// <summary>Finished requests judged against the SLO limits in force (only while a limit is set).</summary>
    public Counter RequestsSloJudged { get; }

    /// <summary>Judged requests that met every limit in force; the exact SLO attainment is this over <see cref="RequestsSloJudged"/>.</summary>
    public Counter RequestsWithinSlo { get; }

    /// <summary>Counts one request with a <see cref="RequestOutcomes"/> value.</summary>
    public void CountRequest(string outcome) => _requests.WithLabels(outcome).Inc();
}
