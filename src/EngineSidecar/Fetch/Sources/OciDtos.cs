using System.Text.Json.Serialization;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>An OCI image manifest (or Docker schema 2 manifest): the layers are the model's files.</summary>
public sealed record OciManifest(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("layers")] List<OciDescriptor>? Layers);

/// <summary>A content descriptor; a model layer names its file in the <c>org.opencontainers.image.title</c> annotation.</summary>
public sealed record OciDescriptor(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("annotations")] Dictionary<string, string>? Annotations);

/// <summary>A registry token endpoint's answer (distribution spec token auth): <c>token</c> or <c>access_token</c>.</summary>
public sealed record OciTokenAnswer(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken);
