namespace Sluice.Kubernetes.Client;

/// <summary>Query options of a List call.</summary>
public sealed record ListOptions
{
    /// <summary>Label selector, e.g. "app=web,tier!=cache".</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector, e.g. "metadata.name=x".</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the answer carries a continue token when more items remain.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>"0" lets the server answer from its cache; null asks for a consistent (quorum) read.</summary>
    public string? ResourceVersion { get; init; }
}
