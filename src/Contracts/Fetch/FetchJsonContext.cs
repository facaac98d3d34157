using System.Text.Json.Serialization;

namespace Sluice.Contracts.Fetch;

/// <summary>Source-generated JSON for the fetch wire contract (enums as their names).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FetchProgressReport))]
public sealed partial class FetchJsonContext : JsonSerializerContext;
