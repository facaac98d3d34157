using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>
/// Base of every object the client reads or writes: apiVersion, kind and metadata. Fields this model does
/// not declare are kept in <see cref="ExtensionData"/> and written back unchanged, so a read-modify-write
/// (Replace) never drops what a newer server or another writer put there.
/// </summary>
public abstract class KubernetesObject
{
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; set; }

    [JsonPropertyOrder(-2)]
    public string? Kind { get; set; }

    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Unknown top-level fields, preserved across a round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
