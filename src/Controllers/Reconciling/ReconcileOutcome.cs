namespace Sluice.Controllers.Reconciling;

/// <summary>What one reconcile of an LLMDeployment did.</summary>
/// <param name="StatusWritten">Whether status changed and was written.</param>
/// <param name="Degraded">Whether the spec cannot be served as written.</param>
public sealed record ReconcileOutcome(bool StatusWritten, bool Degraded)
{
    /// <summary>The resource is gone or being deleted: nothing to do.</summary>
    public static ReconcileOutcome Gone { get; } = new(false, false);
}
