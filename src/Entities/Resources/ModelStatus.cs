namespace Sluice.Entities.Resources;

/// <summary>
/// Delivery of the model into the cache, as the fetcher of an engine pod reports it (written by the reconciler, at most
/// every few seconds while a download runs).
/// </summary>
public sealed class ModelStatus
{
    /// <summary>Resolving, Downloading, Waiting (another pod downloads this revision), Verifying, Retrying or Ready.</summary>
    public string? Phase { get; set; }

    /// <summary>The resolved revision: an hf commit, an OCI manifest digest, a hash of the S3 listing.</summary>
    public string? Revision { get; set; }

    /// <summary>The pod whose fetcher reported this.</summary>
    public string? Pod { get; set; }

    public long? DownloadedBytes { get; set; }

    public long? TotalBytes { get; set; }

    /// <summary>Recent download rate.</summary>
    public double? BytesPerSecond { get; set; }

    /// <summary>Seconds left at that rate.</summary>
    public double? EtaSeconds { get; set; }

    /// <summary>When this report was read (RFC 3339).</summary>
    public string? UpdatedAt { get; set; }
}
