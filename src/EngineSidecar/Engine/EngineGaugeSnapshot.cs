namespace Sluice.Engine.Engine;

/// <summary>Values the engine thread publishes after every step for gauges and admission decisions.</summary>
public sealed record EngineGaugeSnapshot(
    int NumRunning,
    int NumWaiting,
    double KvCacheUsageRatio,
    int BatchSize,
    int MaxBatchSize,
    double? MaxRequestRate,
    int MaxBatchedTokens,
    long PrefixCacheQueriedTokens,
    long PrefixCacheHitTokens);
