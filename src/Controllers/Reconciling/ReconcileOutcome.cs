namespace Sluice.Controllers.Reconciling;

/// <summary>What one reconcile of an LLMDeployment did.</summary>
/// <param name="RequeueAfter">Look again after this long (a model download whose progress is polled), or null.</param>
/// <param name="StatusWritten">Whether status changed and was written.</param>
/// <param name="Degraded">Whether the spec cannot be served as written.</param>
public sealed record ReconcileOutcome(TimeSpan? RequeueAfter, bool StatusWritten, bool Degraded)
{
    /// <summary>The resource is gone or being deleted: nothing to do.</summary>
    public static ReconcileOutcome Gone { get; } = new(null, false, false);
}
