using Sluice.Contracts.Fetch;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Reconciling;

/// <summary>The condition reasons of model delivery failures, from the fetcher's error kind or exit code.</summary>
public static class ModelDeliveryReasons
{
    /// <summary>The Degraded/ModelReady reason of <paramref name="kind"/>; ModelDownloadFailed for None.</summary>
    public static string Of(FetchErrorKind kind) => kind switch
    {
        FetchErrorKind.SourceUnreachable => ConditionReasons.ModelSourceUnreachable,
        FetchErrorKind.CredentialsRejected => ConditionReasons.ModelCredentialsRejected,
        FetchErrorKind.RevisionNotFound => ConditionReasons.ModelRevisionNotFound,
        FetchErrorKind.CacheFull => ConditionReasons.ModelCacheFull,
        FetchErrorKind.ChecksumMismatch => ConditionReasons.ModelChecksumMismatch,
        FetchErrorKind.SourceInvalid => ConditionReasons.ModelSourceInvalid,
        _ => ConditionReasons.ModelDownloadFailed,
    };

    /// <summary>The reason of a fetch container that exited with <paramref name="exitCode"/> (ModelDownloadFailed for codes without a kind, or none).</summary>
    public static string OfExitCode(int? exitCode) =>
        exitCode is { } code && FetchExitCodes.KindOf(code) is { } kind ? Of(kind) : ConditionReasons.ModelDownloadFailed;

    /// <summary>True for every reason of a model that cannot be delivered (the spec may be fine; the source or cache is not).</summary>
    public static bool IsDeliveryReason(string? reason) => reason is ConditionReasons.ModelDownloadFailed
        or ConditionReasons.ModelSourceUnreachable or ConditionReasons.ModelCredentialsRejected or ConditionReasons.ModelRevisionNotFound
        or ConditionReasons.ModelCacheFull or ConditionReasons.ModelChecksumMismatch or ConditionReasons.ModelSourceInvalid;
}
