using System.Diagnostics.Metrics;

namespace Sluice.Engine.Engine;

/// <summary>
/// The engine's instruments (names and units of the operator contract). One instance per server; each
/// owns its <see cref="Meter"/>, so exporters pick the right instruments when several servers share a process.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    /// <summary>Name of every engine meter.</summary>
    public const string MeterName = "Sluice.Engine";

    /// <summary>TTFT, end-to-end and queue-time buckets: 5 ms … 60 s.</summary>
    public static readonly IReadOnlyList<double> LatencyBucketsSeconds =
        [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60];

    /// <summary>Per-token buckets (TPOT, inter-token latency): 1 ms … 1 s.</summary>
    public static readonly IReadOnlyList<double> TokenBucketsSeconds =
        [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1];

    private readonly Counter<long> _requests;

    public EngineMetrics(Func<EngineGaugeSnapshot> gauges)
    {
        Meter = new Meter(MeterName);
        TimeToFirstTokenSeconds = Histogram("sluice_time_to_first_token_seconds", "Time from arrival to the first output token.", LatencyBucketsSeconds);
        TimePerOutputTokenSeconds = Histogram("sluice_time_per_output_token_seconds", "Per finished request: (e2e - ttft) / (output tokens - 1).", TokenBucketsSeconds);
        InterTokenLatencySeconds = Histogram("sluice_inter_token_latency_seconds", "Time between consecutive output tokens of a sequence.", TokenBucketsSeconds);
        E2eRequestLatencySeconds = Histogram("sluice_e2e_request_latency_seconds", "Time from arrival to the last output token.", LatencyBucketsSeconds);
        RequestQueueTimeSeconds = Histogram("sluice_request_queue_time_seconds", "Time from arrival to first scheduling.", LatencyBucketsSeconds);
        PromptTokens = Meter.CreateCounter<long>("sluice_prompt_tokens_total", "{token}", "Prompt tokens of admitted requests.");
        GenerationTokens = Meter.CreateCounter<long>("sluice_generation_tokens_total", "{token}", "Output tokens generated.");
        Preemptions = Meter.CreateCounter<long>("sluice_preemptions_total", "{preemption}", "Sequences preempted for recompute.");
        _requests = Meter.CreateCounter<long>("sluice_requests_total", "{request}", "Requests by outcome.");
        RequestsSloJudged = Meter.CreateCounter<long>("sluice_requests_slo_judged_total", "{request}", "Finished requests judged against the SLO limits set through /admin/config.");
        RequestsWithinSlo = Meter.CreateCounter<long>("sluice_requests_within_slo_total", "{request}", "Judged finished requests whose TTFT and TPOT both met the limits in force.");
        Meter.CreateObservableGauge("sluice_requests_running", () => gauges().NumRunning, "{request}", "Sequences holding KV blocks.");
        Meter.CreateObservableGauge("sluice_requests_waiting", () => gauges().NumWaiting, "{request}", "Sequences queued for admission.");
        Meter.CreateObservableGauge("sluice_kv_cache_usage_ratio", () => gauges().KvCacheUsageRatio, "1", "Fraction of KV blocks held by sequences.");
        Meter.CreateObservableGauge("sluice_kv_cache_capacity_tokens", () => gauges().KvCacheCapacityTokens, "{token}", "Tokens the KV cache holds in all: KV blocks × block size.");
        Meter.CreateObservableGauge("sluice_batch_size", () => gauges().BatchSize, "{sequence}", "Sequences computed in the latest step.");
        Meter.CreateObservableGauge("sluice_config_max_batch_size", () => gauges().MaxBatchSize, "{sequence}", "Configured maxBatchSize.");
        Meter.CreateObservableGauge("sluice_config_max_request_rate", () => gauges().MaxRequestRate ?? 0d, "{request}/s", "Configured maxRequestRate; 0 means unlimited.");
        Meter.CreateObservableGauge("sluice_config_max_batched_tokens", () => gauges().MaxBatchedTokens, "{token}", "Configured maxBatchedTokens.");
        Meter.CreateObservableGauge("sluice_config_slo_ttft_seconds", () => gauges().SloTtftSeconds ?? 0d, "s", "TTFT limit finished requests are judged against; 0 means none.");
        Meter.CreateObservableGauge("sluice_config_slo_tpot_seconds", () => gauges().SloTpotSeconds ?? 0d, "s", "TPOT limit finished requests are judged against; 0 means none.");
        Meter.CreateObservableCounter("sluice_prefix_cache_queries_total", () => gauges().PrefixCacheQueriedTokens, "{token}", "Prompt tokens looked up in the prefix cache.");
        Meter.CreateObservableCounter("sluice_prefix_cache_hits_total", () => gauges().PrefixCacheHitTokens, "{token}", "Prompt tokens served from the prefix cache.");
    }

    public Meter Meter { get; }

    /// <summary>
    /// Publishes <c>sluice_model_info{model, quantization, kv_cache_dtype} 1</c>: the served model name and the weight
    /// quantization and KV cache element type really in force (wire names of /v1/models).
    /// </summary>
    public void PublishModelInfo(string model, string quantization, string kvCacheDtype)
    {
        var tags = new[]
        {
            new KeyValuePair<string, object?>("model", model),
            new KeyValuePair<string, object?>("quantization", quantization),
            new KeyValuePair<string, object?>("kv_cache_dtype", kvCacheDtype),
        };
        Meter.CreateObservableGauge("sluice_model_info", () => new Measurement<int>(1, tags), "1", "The served model and the quantization and KV cache dtype in force; always 1.");
    }

    public Histogram<double> TimeToFirstTokenSeconds { get; }

    public Histogram<double> TimePerOutputTokenSeconds { get; }

    public Histogram<double> InterTokenLatencySeconds { get; }

    public Histogram<double> E2eRequestLatencySeconds { get; }

    public Histogram<double> RequestQueueTimeSeconds { get; }

    public Counter<long> PromptTokens { get; }

    public Counter<long> GenerationTokens { get; }

    public Counter<long> Preemptions { get; }

    /// <summary>Finished requests judged against the SLO limits in force (only while a limit is set).</summary>
    public Counter<long> RequestsSloJudged { get; }

    /// <summary>Judged requests that met every limit in force; the exact SLO attainment is this over <see cref="RequestsSloJudged"/>.</summary>
    public Counter<long> RequestsWithinSlo { get; }

    /// <summary>Counts one request with an <see cref="RequestOutcome"/> value.</summary>
    public void CountRequest(string outcome) => _requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => Meter.Dispose();

    private Histogram<double> Histogram(string name, string description, IReadOnlyList<double> buckets) =>
        Meter.CreateHistogram(name, "s", description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
}
