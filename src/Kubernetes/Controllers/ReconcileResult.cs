namespace Sluice.Kubernetes.Controllers;

/// <summary>What the controller does after a reconcile that did not throw.</summary>
public sealed record ReconcileResult
{
    private ReconcileResult(bool requeue, TimeSpan? requeueAfter)
    {
        IsRequeue = requeue;
        RequeueAfter = requeueAfter;
    }

    /// <summary>Converged: forget the key's backoff; reconcile again only on the next change or resync.</summary>
    public static ReconcileResult Done { get; } = new(false, null);

    /// <summary>Not converged yet: reconcile again after the key's backoff delay.</summary>
    public static ReconcileResult Requeue { get; } = new(true, null);

    public bool IsRequeue { get; }

    public TimeSpan? RequeueAfter { get; }

    /// <summary>Converged for now: reconcile again after <paramref name="delay"/> (e.g. to poll metrics).</summary>
    public static ReconcileResult After(TimeSpan delay) => new(false, delay);
}
