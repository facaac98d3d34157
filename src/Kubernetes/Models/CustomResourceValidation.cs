using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>Holds the openAPIV3Schema of a CRD version.</summary>
public sealed class CustomResourceValidation
{
    [JsonPropertyName("openAPIV3Schema")]
    public JsonSchemaProps OpenApiV3Schema { get; set; } = new();
}
