namespace Sluice.Kubernetes.Client;

/// <summary>Patch formats the client sends; server-side apply has its own methods.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch (application/merge-patch+json); lists are replaced whole.</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch (application/json-patch+json); the body is an array of operations.</summary>
    Json,

    /// <summary>Strategic merge patch (built-in types only; lists merge by key).</summary>
    StrategicMerge,
}
