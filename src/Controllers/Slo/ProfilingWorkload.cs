namespace Sluice.Controllers.Slo;

/// <summary>The request shape a profiling sweep loads a replica with (spec.workload hints).</summary>
/// <param name="Model">Model id the engine serves.</param>
/// <param name="InputTokens">Typical prompt length.</param>
/// <param name="OutputTokens">Typical output length.</param>
/// <param name="MaxBatchSize">Largest batch worth trying (the KV capacity at these lengths, or the user's bound).</param>
/// <param name="TimeBudget">The whole sweep's time box.</param>
public sealed record ProfilingWorkload(string Model, int InputTokens, int OutputTokens, int MaxBatchSize, TimeSpan TimeBudget);
