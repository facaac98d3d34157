namespace Sluice.Kubernetes.Queue;

/// <summary>Per-item exponential backoff of <see cref="WorkQueue{T}.AddRateLimited"/> (base × 2^(failures−1), capped) and the queue-wait observer.</summary>
public sealed record WorkQueueOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>
    /// Called with the time each taken item waited in the queue: from the add that queued it (or, for a delayed add,
    /// from the moment its delay ran out) to the take. Runs on the taker's thread; keep it cheap.
    /// </summary>
    public Action<TimeSpan>? Waited { get; init; }
}
