using System.Text.Json;
using Sluice.Engine.Grammar;

namespace Sluice.Engine.Api;

/// <summary>
/// Reads <c>response_format</c>: <c>text</c> (or absent) is free text; <c>json_object</c> constrains the output to one
/// JSON object; <c>json_schema</c> compiles <c>json_schema.schema</c> into a grammar (strict or not, the output always
/// validates). Every other shape, and a schema outside the compiler's subset, is a 400 naming the field or keyword.
/// </summary>
public static class ResponseFormatParser
{
    private static readonly HashSet<string> FormatFields = ["type", "json_schema"];
    private static readonly HashSet<string> SchemaFields = ["name", "description", "schema", "strict"];

    /// <summary>The grammar the output must follow, or null for free text.</summary>
    public static GrammarNode? Parse(JsonElement? responseFormat)
    {
        if (responseFormat is not { } format || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        SamplingValidator.Require(format.ValueKind == JsonValueKind.Object, "response_format", "response_format must be an object");
        RequireKnown(format, FormatFields, "response_format");
        var type = format.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text":
                SamplingValidator.Require(!format.TryGetProperty("json_schema", out _), "response_format.json_schema", "json_schema is only allowed with type json_schema");
                return null;
            case "json_object":
                SamplingValidator.Require(!format.TryGetProperty("json_schema", out _), "response_format.json_schema", "json_schema is only allowed with type json_schema");
                return JsonGrammars.AnyObject;
            case "json_schema":
                return ParseSchema(format);
            default:
                throw ApiException.BadRequest("response_format.type must be one of text, json_object, json_schema", "response_format.type");
        }
    }

    private static GrammarNode ParseSchema(JsonElement format)
    {
        const string param = "response_format.json_schema";
        SamplingValidator.Require(
            format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object,
            param,
            "response_format of type json_schema needs a json_schema object");
        RequireKnown(jsonSchema, SchemaFields, param);
        SamplingValidator.Require(
            jsonSchema.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString()!.Length is > 0 and <= 64,
            param + ".name",
            "json_schema.name must be a string of 1 to 64 characters");
        if (jsonSchema.TryGetProperty("strict", out var strict))
        {
            SamplingValidator.Require(strict.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null, param + ".strict", "json_schema.strict must be a boolean");
        }

        if (!jsonSchema.TryGetProperty("schema", out var schema) || schema.ValueKind == JsonValueKind.Null)
        {
            return JsonGrammars.AnyValue;
        }

        try
        {
            return CompiledSchemaCache.Shared.Compile(schema);
        }
        catch (SchemaException ex)
        {
            throw ApiException.BadRequest(ex.Message, param + ".schema", "unsupported_schema");
        }
    }

    private static void RequireKnown(JsonElement element, HashSet<string> known, string param)
    {
        foreach (var property in element.EnumerateObject())
        {
            SamplingValidator.Require(known.Contains(property.Name), $"{param}.{property.Name}", $"unrecognized field '{param}.{property.Name}'");
        }
    }
}
