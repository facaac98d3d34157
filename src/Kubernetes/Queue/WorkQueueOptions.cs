namespace Sluice.Kubernetes.Queue;

/// <summary>Per-item exponential backoff of <see cref="WorkQueue{T}.AddRateLimited"/>: base × 2^(failures−1), capped.</summary>
public sealed record WorkQueueOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);
}
