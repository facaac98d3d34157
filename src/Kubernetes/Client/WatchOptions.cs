namespace Sluice.Kubernetes.Client;

/// <summary>Query options of a single watch request.</summary>
public sealed record WatchOptions
{
    /// <summary>Start after this resourceVersion (from a List or the last event); null starts "now".</summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Server-side duration of the request; the stream then ends normally.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Ask for BOOKMARK events that advance the resourceVersion without an object change.</summary>
    public bool AllowBookmarks { get; init; } = true;
}
