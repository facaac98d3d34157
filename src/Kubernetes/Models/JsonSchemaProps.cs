using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>The structural OpenAPI v3 schema subset that CRDs accept.</summary>
public sealed class JsonSchemaProps
{
    public string? Type { get; set; }

    public string? Format { get; set; }

    public string? Description { get; set; }

    public JsonNode? Default { get; set; }

    public Dictionary<string, JsonSchemaProps>? Properties { get; set; }

    public JsonSchemaProps? Items { get; set; }

    public JsonSchemaProps? AdditionalProperties { get; set; }

    public List<string>? Required { get; set; }

    public List<JsonNode>? Enum { get; set; }

    public double? Minimum { get; set; }

    public bool? ExclusiveMinimum { get; set; }

    public double? Maximum { get; set; }

    public bool? ExclusiveMaximum { get; set; }

    public long? MinLength { get; set; }

    public long? MaxLength { get; set; }

    public long? MinItems { get; set; }

    public long? MaxItems { get; set; }

    public string? Pattern { get; set; }

    public bool? Nullable { get; set; }

    [JsonPropertyName("x-kubernetes-preserve-unknown-fields")]
    public bool? XKubernetesPreserveUnknownFields { get; set; }

    [JsonPropertyName("x-kubernetes-int-or-string")]
    public bool? XKubernetesIntOrString { get; set; }

    [JsonPropertyName("x-kubernetes-embedded-resource")]
    public bool? XKubernetesEmbeddedResource { get; set; }

    /// <summary><c>atomic</c>, <c>set</c> or <c>map</c>: how server-side apply merges this list between field managers.</summary>
    [JsonPropertyName("x-kubernetes-list-type")]
    public string? XKubernetesListType { get; set; }

    /// <summary>With list type <c>map</c>: the item fields that identify an item (each must be required in the item schema).</summary>
    [JsonPropertyName("x-kubernetes-list-map-keys")]
    public List<string>? XKubernetesListMapKeys { get; set; }
}
