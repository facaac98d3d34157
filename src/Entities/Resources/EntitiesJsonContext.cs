using System.Text.Json.Serialization;

namespace Sluice.Entities.Resources;

/// <summary>Source-generated JSON metadata for the custom resources; use <see cref="SluiceJson.Options"/> to read and write them.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(LLMDeployment))]
public sealed partial class EntitiesJsonContext : JsonSerializerContext
{
}
