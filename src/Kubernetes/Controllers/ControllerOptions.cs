using Sluice.Kubernetes.Queue;

namespace Sluice.Kubernetes.Controllers;

/// <summary>Concurrency and retry settings of one controller.</summary>
public sealed record ControllerOptions
{
    /// <summary>Keys reconciled at the same time (never the same key twice).</summary>
    public int MaxConcurrentReconciles { get; init; } = 1;

    /// <summary>Per-key backoff after errors and <see cref="ReconcileResult.Requeue"/>.</summary>
    public WorkQueueOptions Queue { get; init; } = new();
}
