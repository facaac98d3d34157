namespace Sluice.Contracts.Metrics;

/// <summary>Values of the <c>outcome</c> label of <c>sluice_requests_total</c>.</summary>
public static class RequestOutcomes
{
    public const string Finished = "finished";
    public const string Aborted = "aborted";
    public const string RejectedRate = "rejected_rate";
    public const string RejectedInvalid = "rejected_invalid";
    public const string Error = "error";

    public static readonly IReadOnlyList<string> All = [Finished, Aborted, RejectedRate, RejectedInvalid, Error];
}
