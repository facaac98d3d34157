using System.Text.Json.Serialization;

namespace Sluice.Controllers.EngineApi;

/// <summary>The engine's <c>/admin/config</c> document (wire contract, DESIGN.md §4); maxRequestRate null = unlimited.</summary>
public sealed record EngineLiveConfig(
    [property: JsonPropertyName("maxBatchSize")] int MaxBatchSize,
    [property: JsonPropertyName("maxRequestRate")] double? MaxRequestRate,
    [property: JsonPropertyName("maxBatchedTokens")] int MaxBatchedTokens);
