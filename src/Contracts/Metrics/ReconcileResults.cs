namespace Sluice.Contracts.Metrics;

/// <summary>Values of the <c>result</c> label of the operator's reconcile metrics.</summary>
public static class ReconcileResults
{
    public const string Success = "success";
    public const string Degraded = "degraded";
    public const string Conflict = "conflict";
    public const string Error = "error";

    public static readonly IReadOnlyList<string> All = [Success, Degraded, Conflict, Error];
}
