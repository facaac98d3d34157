using System.Text.Json.Serialization;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>The part of the Hugging Face hub's <c>GET /api/models/{repo}/revision/{rev}?blobs=true</c> answer the fetcher reads.</summary>
public sealed record HubModelInfo(
    [property: JsonPropertyName("sha")] string? Sha,
    [property: JsonPropertyName("siblings")] List<HubSibling>? Siblings);

/// <summary>One file of a hub revision; <see cref="Lfs"/> is set for files stored in LFS (its sha256 is the content's).</summary>
public sealed record HubSibling(
    [property: JsonPropertyName("rfilename")] string Name,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("lfs")] HubLfs? Lfs);

/// <summary>The LFS pointer of a hub file.</summary>
public sealed record HubLfs(
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("size")] long? Size);
