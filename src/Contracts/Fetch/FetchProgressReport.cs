using System.Text.Json.Serialization;

namespace Sluice.Contracts.Fetch;

/// <summary>
/// What <c>sluice-engine fetch</c> serves at <see cref="Path"/> on its progress port while it runs (and writes next to
/// the cache entry it fills, so fetchers waiting on the lock can serve the holder's numbers). Wire contract with the operator.
/// </summary>
/// <param name="State">One of <see cref="FetchStates"/>.</param>
/// <param name="Revision">The resolved revision (commit, manifest digest or listing hash); null before resolution.</param>
/// <param name="DownloadedBytes">Bytes of the model present in the cache entry so far.</param>
/// <param name="TotalBytes">Bytes of the whole model; null before the file list is known.</param>
/// <param name="BytesPerSecond">Recent download rate (over the last few seconds).</param>
/// <param name="EtaSeconds">Seconds left at that rate; null when unknown.</param>
/// <param name="ErrorKind">Why the last attempt failed (state retrying); None otherwise.</param>
/// <param name="Message">The last attempt's error, in words; null when none.</param>
/// <param name="Attempt">Attempts made so far (1 for the first).</param>
public sealed record FetchProgressReport(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("revision")] string? Revision,
    [property: JsonPropertyName("downloadedBytes")] long DownloadedBytes,
    [property: JsonPropertyName("totalBytes")] long? TotalBytes,
    [property: JsonPropertyName("bytesPerSecond")] double BytesPerSecond,
    [property: JsonPropertyName("etaSeconds")] double? EtaSeconds,
    [property: JsonPropertyName("errorKind")] FetchErrorKind ErrorKind,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("attempt")] int Attempt)
{
    /// <summary>The HTTP path the fetcher serves the report at.</summary>
    public const string Path = "/fetch/progress";
}
