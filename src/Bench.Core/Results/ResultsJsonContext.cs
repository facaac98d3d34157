using System.Text.Json.Serialization;

namespace Sluice.Bench.Results;

/// <summary>Source-generated JSON metadata for results files: camelCase, enums as names, indented.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ResultsFile))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
