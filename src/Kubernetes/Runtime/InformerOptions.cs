using Sluice.Kubernetes.Watching;

namespace Sluice.Kubernetes.Runtime;

/// <summary>What an informer watches and how it behaves.</summary>
public sealed record InformerOptions
{
    /// <summary>Watch one namespace; null watches all namespaces (or a cluster-scoped type).</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>How often every cached object is re-delivered as <see cref="InformerEventType.Resync"/>; null or zero disables.</summary>
    public TimeSpan? ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Server-side length of one watch request; null picks 5 to 10 minutes at random per request.</summary>
    public TimeSpan? WatchTimeout { get; init; }

    /// <summary>Page size of the list calls.</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>Delays between failed lists or watch reconnects.</summary>
    public Func<Backoff> BackoffFactory { get; init; } = () => new Backoff();
}
