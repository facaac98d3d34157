namespace Sluice.Contracts.Fetch;

/// <summary>
/// Why <c>sluice-engine fetch</c> could not deliver a model. Each kind is also the fetcher's exit code (see
/// <see cref="FetchExitCodes"/>) and the <c>errorKind</c> of its progress report, so the operator can name the cause.
/// </summary>
public enum FetchErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The source's host cannot be reached (DNS, connection refused, timeouts, 5xx answers).</summary>
    SourceUnreachable = 10,

    /// <summary>The source refused the credentials (401/403), or the credentials Secret has no such key.</summary>
    CredentialsRejected = 11,

    /// <summary>The repository, bucket prefix, tag or revision does not exist (404, an empty listing).</summary>
    RevisionNotFound = 12,

    /// <summary>The cache cannot hold the model: above the configured cap after eviction, or the volume is out of space.</summary>
    CacheFull = 13,

    /// <summary>A file still failed its size, sha256/MD5 or safetensors header check after it was fetched again.</summary>
    ChecksumMismatch = 14,

    /// <summary>The source answered something that is not a model (a manifest layer without a file name, a malformed listing).</summary>
    SourceInvalid = 15,
}
