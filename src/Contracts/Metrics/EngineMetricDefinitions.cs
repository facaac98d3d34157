namespace Sluice.Contracts.Metrics;

/// <summary>
/// The engine's metrics at its <c>/metrics</c> (wire contract, DESIGN.md §4): what the engine exposes and what the
/// operator's scraper reads. Times are seconds.
/// </summary>
public static class EngineMetricDefinitions
{
    public static readonly MetricDefinition TimeToFirstTokenSeconds = MetricDefinition.Histogram(
        "sluice_time_to_first_token_seconds", "Time from arrival to the first output token.", MetricBuckets.LatencySeconds);

    public static readonly MetricDefinition TimePerOutputTokenSeconds = MetricDefinition.Histogram(
        "sluice_time_per_output_token_seconds", "Per finished request: (e2e - ttft) / (output tokens - 1).", MetricBuckets.TokenSeconds);

    public static readonly MetricDefinition InterTokenLatencySeconds = MetricDefinition.Histogram(
        "sluice_inter_token_latency_seconds", "Time between consecutive output tokens of a sequence.", MetricBuckets.TokenSeconds);

    public static readonly MetricDefinition E2eRequestLatencySeconds = MetricDefinition.Histogram(
        "sluice_e2e_request_latency_seconds", "Time from arrival to the last output token.", MetricBuckets.LatencySeconds);

    public static readonly MetricDefinition RequestQueueTimeSeconds = MetricDefinition.Histogram(
        "sluice_request_queue_time_seconds", "Time from arrival to first scheduling.", MetricBuckets.LatencySeconds);

    public static readonly MetricDefinition PromptTokensTotal = MetricDefinition.Counter(
        "sluice_prompt_tokens_total", "Prompt tokens of admitted requests.");

    public static readonly MetricDefinition GenerationTokensTotal = MetricDefinition.Counter(
        "sluice_generation_tokens_total", "Output tokens generated.");

    public static readonly MetricDefinition PreemptionsTotal = MetricDefinition.Counter(
        "sluice_preemptions_total", "Sequences preempted for recompute.");

    /// <summary>Requests by <see cref="MetricLabels.Outcome"/> (<see cref="RequestOutcomes"/>).</summary>
    public static readonly MetricDefinition RequestsTotal = MetricDefinition.Counter(
        "sluice_requests_total", "Requests by outcome.", MetricLabels.Outcome);

    /// <summary>Finished requests judged against the SLO limits pushed through /admin/config (only while a limit is set).</summary>
    public static readonly MetricDefinition RequestsSloJudgedTotal = MetricDefinition.Counter(
        "sluice_requests_slo_judged_total", "Finished requests judged against the SLO limits set through /admin/config.");

    /// <summary>Judged requests that met both limits; over <see cref="RequestsSloJudgedTotal"/> it is the exact attainment.</summary>
    public static readonly MetricDefinition RequestsWithinSloTotal = MetricDefinition.Counter(
        "sluice_requests_within_slo_total", "Judged finished requests whose TTFT and TPOT both met the limits in force.");

    public static readonly MetricDefinition PrefixCacheQueriesTotal = MetricDefinition.Counter(
        "sluice_prefix_cache_queries_total", "Prompt tokens looked up in the prefix cache.");

    public static readonly MetricDefinition PrefixCacheHitsTotal = MetricDefinition.Counter(
        "sluice_prefix_cache_hits_total", "Prompt tokens served from the prefix cache.");

    public static readonly MetricDefinition RequestsRunning = MetricDefinition.Gauge(
        "sluice_requests_running", "Sequences holding KV blocks.");

    public static readonly MetricDefinition RequestsWaiting = MetricDefinition.Gauge(
        "sluice_requests_waiting", "Sequences queued for admission.");

    public static readonly MetricDefinition KvCacheUsageRatio = MetricDefinition.Gauge(
        "sluice_kv_cache_usage_ratio", "Fraction of KV blocks held by sequences.");

    public static readonly MetricDefinition KvCacheCapacityTokens = MetricDefinition.Gauge(
        "sluice_kv_cache_capacity_tokens", "Tokens the KV cache holds in all: KV blocks × block size.");

    public static readonly MetricDefinition BatchSize = MetricDefinition.Gauge(
        "sluice_batch_size", "Sequences computed in the latest step.");

    public static readonly MetricDefinition ConfigMaxBatchSize = MetricDefinition.Gauge(
        "sluice_config_max_batch_size", "Configured maxBatchSize.");

    /// <summary>0 means unlimited.</summary>
    public static readonly MetricDefinition ConfigMaxRequestRate = MetricDefinition.Gauge(
        "sluice_config_max_request_rate", "Configured maxRequestRate; 0 means unlimited.");

    public static readonly MetricDefinition ConfigMaxBatchedTokens = MetricDefinition.Gauge(
        "sluice_config_max_batched_tokens", "Configured maxBatchedTokens.");

    /// <summary>The TTFT limit the engine judges with; 0 means none.</summary>
    public static readonly MetricDefinition ConfigSloTtftSeconds = MetricDefinition.Gauge(
        "sluice_config_slo_ttft_seconds", "TTFT limit finished requests are judged against; 0 means none.");

    /// <summary>The TPOT limit the engine judges with; 0 means none.</summary>
    public static readonly MetricDefinition ConfigSloTpotSeconds = MetricDefinition.Gauge(
        "sluice_config_slo_tpot_seconds", "TPOT limit finished requests are judged against; 0 means none.");

    /// <summary>Always 1; its labels (kv_cache_dtype, model, quantization, in that order) say what the engine serves.</summary>
    public static readonly MetricDefinition ModelInfo = MetricDefinition.Gauge(
        "sluice_model_info", "The served model and the quantization and KV cache dtype in force; always 1.",
        MetricLabels.KvCacheDtype, MetricLabels.Model, MetricLabels.Quantization);

    /// <summary>Every engine metric.</summary>
    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        TimeToFirstTokenSeconds, TimePerOutputTokenSeconds, InterTokenLatencySeconds, E2eRequestLatencySeconds, RequestQueueTimeSeconds,
        PromptTokensTotal, GenerationTokensTotal, PreemptionsTotal, RequestsTotal, RequestsSloJudgedTotal, RequestsWithinSloTotal,
        PrefixCacheQueriesTotal, PrefixCacheHitsTotal, RequestsRunning, RequestsWaiting, KvCacheUsageRatio, KvCacheCapacityTokens,
        BatchSize, ConfigMaxBatchSize, ConfigMaxRequestRate, ConfigMaxBatchedTokens, ConfigSloTtftSeconds, ConfigSloTpotSeconds, ModelInfo,
    ];
}
