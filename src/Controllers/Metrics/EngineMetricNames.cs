namespace Sluice.Controllers.Metrics;

/// <summary>The engine's metric names (wire contract, DESIGN.md §4).</summary>
public static class EngineMetricNames
{
    public const string TimeToFirstTokenSeconds = "sluice_time_to_first_token_seconds";
    public const string TimePerOutputTokenSeconds = "sluice_time_per_output_token_seconds";
    public const string RequestsRunning = "sluice_requests_running";
    public const string RequestsWaiting = "sluice_requests_waiting";
    public const string KvCacheUsageRatio = "sluice_kv_cache_usage_ratio";
    public const string KvCacheCapacityTokens = "sluice_kv_cache_capacity_tokens";
    public const string GenerationTokensTotal = "sluice_generation_tokens_total";
    public const string RequestsTotal = "sluice_requests_total";
    public const string ConfigMaxBatchSize = "sluice_config_max_batch_size";
    public const string ConfigMaxRequestRate = "sluice_config_max_request_rate";

    /// <summary>Gauge, always 1, whose labels model, quantization and kv_cache_dtype say what the engine serves.</summary>
    public const string ModelInfo = "sluice_model_info";

    /// <summary>Outcome label values of <see cref="RequestsTotal"/>.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["finished", "aborted", "rejected_rate", "rejected_invalid", "error"];
}
