namespace Sluice.Engine.Fetch;

/// <summary>What <c>sluice-engine fetch</c> was asked to do (see <see cref="FetchCommand"/> for each option's flag).</summary>
public sealed record FetchOptions
{
    public required SourceUri Source { get; init; }

    /// <summary>hf: branch, tag or commit (default main). Not accepted for other sources (the tag is in the oci:// URI).</summary>
    public string? Revision { get; init; }

    /// <summary>Base URL of the source's API: the hub (hf), the S3 endpoint (s3), the registry (oci, when not https://host).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>S3 region (signing, and the AWS endpoint when no endpoint is given).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Directory holding credential files (a mounted Secret): <c>token</c> (hf), <c>accessKeyId</c>/<c>secretAccessKey</c>[/<c>sessionToken</c>] (s3), <c>username</c>/<c>password</c> (oci).</summary>
    public string? CredentialsDirectory { get; init; }

    public IReadOnlyList<string> AllowPatterns { get; init; } = [];

    public IReadOnlyList<string> IgnorePatterns { get; init; } = [];

    public required string CacheDirectory { get; init; }

    /// <summary>Most bytes all entries may take (LRU eviction makes room); 0 = only the volume's free space limits.</summary>
    public long CacheMaxBytes { get; init; }

    /// <summary>Entries used more recently than this are never evicted (a running engine may still read them).</summary>
    public TimeSpan EvictMinIdle { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A symbolic link created to point at the finished entry (the engine's --model), or null.</summary>
    public string? LinkPath { get; init; }

    /// <summary>Port of the progress endpoint; 0 = none.</summary>
    public int ProgressPort { get; init; }

    /// <summary>Attempts before giving up with the last error's exit code; 0 = retry forever (the pod default).</summary>
    public int Attempts { get; init; }

    /// <summary>Hash every cached file at a cache hit, not only the small ones.</summary>
    public bool VerifyFull { get; init; }

    /// <summary>A lock not refreshed for this long is taken over.</summary>
    public TimeSpan LockStaleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a waiter looks at the holder's lock and progress.</summary>
    public TimeSpan WaitPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public string TerminationMessagePath { get; init; } = Cli.TerminationMessage.DefaultPath;
}
