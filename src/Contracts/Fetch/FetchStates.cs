namespace Sluice.Contracts.Fetch;

/// <summary>The <c>state</c> values of a <see cref="FetchProgressReport"/>.</summary>
public static class FetchStates
{
    /// <summary>Listing the source's files.</summary>
    public const string Resolving = "Resolving";

    /// <summary>This fetcher holds the lock and downloads.</summary>
    public const string Downloading = "Downloading";

    /// <summary>Another fetcher (another pod) holds the lock of this revision; the numbers are the holder's.</summary>
    public const string Waiting = "Waiting";

    /// <summary>Checking sizes and checksums of the files in the cache.</summary>
    public const string Verifying = "Verifying";

    /// <summary>The last attempt failed (errorKind, message); the next starts after a backoff.</summary>
    public const string Retrying = "Retrying";

    /// <summary>The model is complete and verified in the cache.</summary>
    public const string Ready = "Ready";
}
