namespace Sluice.Entities.Resources;

/// <summary>
/// How the SLO controller drives the engine runtime of spec.engine.runtime (written by the SLO controller each control
/// period). For runtimes that read their batch limit only at start, <see cref="MaxBatchSize"/> is the limit the pods are
/// rendered with: the batch lever changes it, which rolls the pods (at most once per restart interval, never with fewer
/// ready pods than wanted: maxUnavailable 0). The reconciler renders it and raises Degraded=MetricsUnavailable from
/// <see cref="MetricsProblem"/> when it is stamped with the current generation.
/// </summary>
public sealed class RuntimeStatus
{
    /// <summary>The runtime these fields describe (spec.engine.runtime as read).</summary>
    public string? Name { get; set; }

    /// <summary>How the batch lever moves: live (/admin/config), restart (a rolling restart with a new limit) or fixed (spec.engine.maxBatchSize is a number).</summary>
    public string? BatchLever { get; set; }

    /// <summary>How the rate lever moves: live (the engine's token bucket), proxy (the admission proxy in front of the runtime) or fixed.</summary>
    public string? RateLever { get; set; }

    /// <summary>The batch limit the runtime's pods are started with (restart lever only); absent until the first decision.</summary>
    public int? MaxBatchSize { get; set; }

    /// <summary>When the batch lever last decided a rolling restart.</summary>
    public DateTimeOffset? LastRestartTime { get; set; }

    /// <summary>Why the runtime's metrics could not be read this period (missing or malformed), or absent when they were.</summary>
    public string? MetricsProblem { get; set; }

    /// <summary>metadata.generation of the spec these fields were computed for.</summary>
    public long? ObservedGeneration { get; set; }
}
