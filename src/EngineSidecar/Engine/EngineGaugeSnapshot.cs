namespace Sluice.Engine.Engine;

/// <summary>Values the engine thread publishes after every step for gauges and admission decisions.</summary>
/// <param name="KvCacheCapacityTokens">Tokens the paged KV cache holds in all (KV blocks × block size); 0 when unknown.</param>
public sealed record EngineGaugeSnapshot(
    int NumRunning,
    int NumWaiting,
    double KvCacheUsageRatio,
    int BatchSize,
    int MaxBatchSize,
    double? MaxRequestRate,
    int MaxBatchedTokens,
    long PrefixCacheQueriedTokens,
    long PrefixCacheHitTokens,
    long KvCacheCapacityTokens = 0,
    double? SloTtftSeconds = null,
    double? SloTpotSeconds = null);
