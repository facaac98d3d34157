using System.Text.Json.Serialization;

namespace Sluice.Engine.Api.Dto;

/// <summary>Source-generated (trim-safe) serialization of the request bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CompletionRequestDto))]
[JsonSerializable(typeof(ChatCompletionRequestDto))]
[JsonSerializable(typeof(TokenizeRequestDto))]
[JsonSerializable(typeof(DetokenizeRequestDto))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
