namespace Sluice.Engine.Engine;

/// <summary>Per-step limits of the scheduler; changed live between steps.</summary>
/// <param name="MaxBatchSize">Most sequences running (holding KV blocks) at once; at least 1.</param>
/// <param name="MaxBatchedTokens">Most tokens computed in one step (prefill chunks plus decodes); at least 1.</param>
public sealed record SchedulerLimits(int MaxBatchSize, int MaxBatchedTokens);
