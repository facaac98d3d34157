namespace Sluice.Engine.Engine;

/// <summary>Values of the <c>outcome</c> label of <c>sluice_requests_total</c>.</summary>
public static class RequestOutcome
{
    public const string Finished = "finished";
    public const string Aborted = "aborted";
    public const string RejectedRate = "rejected_rate";
    public const string RejectedInvalid = "rejected_invalid";
    public const string Error = "error";
}
