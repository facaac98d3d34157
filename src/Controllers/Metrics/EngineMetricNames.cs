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

    /// <summary>Counter: finished requests the engine judged against the SLO limits pushed to it (only while a limit is set).</summary>
    public const string RequestsSloJudgedTotal = "sluice_requests_slo_judged_total";

    /// <summary>Counter: judged requests that met both limits; over <see cref="RequestsSloJudgedTotal"/> it is the exact attainment.</summary>
    public const string RequestsWithinSloTotal = "sluice_requests_within_slo_total";

    /// <summary>Gauges: the TTFT and TPOT limits the engine judges with, seconds; 0 = none.</summary>
    public const string ConfigSloTtftSeconds = "sluice_config_slo_ttft_seconds";

    public const string ConfigSloTpotSeconds = "sluice_config_slo_tpot_seconds";

    /// <summary>Gauge, always 1, whose labels model, quantization and kv_cache_dtype say what the engine serves.</summary>
    public const string ModelInfo = "sluice_model_info";

    /// <summary>Outcome label values of <see cref="RequestsTotal"/>.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["finished", "aborted", "rejected_rate", "rejected_invalid", "error"];
}
