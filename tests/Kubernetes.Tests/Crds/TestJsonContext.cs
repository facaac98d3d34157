using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>JSON metadata for the test's custom resource.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Widget))]
public sealed partial class TestJsonContext : JsonSerializerContext
{
}
