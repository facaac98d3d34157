using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Engine.Grammar;

/// <summary>
/// Compiles a JSON Schema into a <see cref="GrammarNode"/> whose every complete output validates against it.
/// Supported: type (one or a list), properties, required, additionalProperties (true/false), items, minItems,
/// maxItems, enum, const, anyOf (alternatives that start with different bytes), minLength, maxLength, and the
/// annotations title, description, default, examples, $schema, $comment. Anything else is a <see cref="SchemaException"/>
/// naming the keyword. Hand-written: no served package compiles JSON Schema into a byte-level grammar for .NET.
/// </summary>
public static class JsonSchemaCompiler
{
    /// <summary>Deepest nesting of schemas accepted.</summary>
    public const int MaxDepth = 32;

    private static readonly HashSet<string> Annotations = ["title", "description", "default", "examples", "$schema", "$comment"];

    private static readonly HashSet<string> Supported =
    [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "enum", "const", "anyOf",
        "minLength", "maxLength",
    ];

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The grammar of <paramref name="schema"/>; throws <see cref="SchemaException"/> for what is outside the subset.</summary>
    public static GrammarNode Compile(JsonElement schema) => Compile(schema, "#", 0);

    private static GrammarNode Compile(JsonElement schema, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SchemaException("depth", path, $"the schema nests deeper than {MaxDepth} levels at {path}");
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return JsonGrammars.AnyValue;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaException("schema", path, $"the schema at {path} must be an object or true");
        }

        foreach (var property in schema.EnumerateObject())
        {
            if (!Supported.Contains(property.Name) && !Annotations.Contains(property.Name))
            {
                throw new SchemaException(property.Name, path, $"the JSON Schema keyword '{property.Name}' (at {path}) is not supported by constrained decoding");
            }
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return new LiteralNode([CompactBytes(constant)]);
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() is 0 or > LiteralNode.MaxAlternatives)
            {
                throw new SchemaException("enum", path, $"'enum' at {path} must be an array of 1 to {LiteralNode.MaxAlternatives} values");
            }

            return new LiteralNode([.. values.EnumerateArray().Select(CompactBytes)]);
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            if (anyOf.ValueKind != JsonValueKind.Array || anyOf.GetArrayLength() == 0)
            {
                throw new SchemaException("anyOf", path, $"'anyOf' at {path} must be a non-empty array");
            }

            var options = anyOf.EnumerateArray().Select((s, i) => Compile(s, $"{path}/anyOf/{i}", depth + 1)).ToArray();
            return Disjoint(options, "anyOf", path);
        }

        var types = Types(schema, path);
        if (types.Count == 1)
        {
            return CompileType(types[0], schema, path, depth);
        }

        return Disjoint([.. types.Select(t => CompileType(t, schema, path, depth))], "type", path);
    }

    private static List<string> Types(JsonElement schema, string path)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            if (schema.TryGetProperty("properties", out _))
            {
                return ["object"];
            }

            return schema.TryGetProperty("items", out _) ? ["array"] : ["any"];
        }

        var names = type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array when type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) && type.GetArrayLength() > 0 =>
                type.EnumerateArray().Select(t => t.GetString()!).Distinct().ToList(),
            _ => throw new SchemaException("type", path, $"'type' at {path} must be a type name or a non-empty array of them"),
        };
        foreach (var name in names.Where(n => n is not ("object" or "array" or "string" or "number" or "integer" or "boolean" or "null")))
        {
            throw new SchemaException("type", path, $"unknown type '{name}' at {path}");
        }

        // integer is a subset of number: a list with both is number.
        return names.Contains("number") ? [.. names.Where(n => n != "integer")] : names;
    }

    private static GrammarNode CompileType(string type, JsonElement schema, string path, int depth) => type switch
    {
        "object" => CompileObject(schema, path, depth),
        "array" => CompileArray(schema, path, depth),
        "string" => new StringNode(NonNegative(schema, "minLength", 0, path), NonNegative(schema, "maxLength", int.MaxValue, path)),
        "number" => new NumberNode(integer: false),
        "integer" => new NumberNode(integer: true),
        "boolean" => new LiteralNode(["true"u8.ToArray(), "false"u8.ToArray()]),
        "null" => new LiteralNode(["null"u8.ToArray()]),
        _ => JsonGrammars.AnyValue,
    };

    private static GrammarNode CompileObject(JsonElement schema, string path, int depth)
    {
        if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new SchemaException("additionalProperties", path, $"'additionalProperties' at {path} must be true or false; a schema for extra properties is not supported");
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var requiredList))
        {
            if (requiredList.ValueKind != JsonValueKind.Array || requiredList.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
            {
                throw new SchemaException("required", path, $"'required' at {path} must be an array of property names");
            }

            required.UnionWith(requiredList.EnumerateArray().Select(r => r.GetString()!));
        }

        if (!schema.TryGetProperty("properties", out var properties))
        {
            if (required.Count > 0)
            {
                throw new SchemaException("required", path, $"'required' at {path} names properties that 'properties' does not declare");
            }

            return JsonGrammars.AnyObject;
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaException("properties", path, $"'properties' at {path} must be an object");
        }

        var list = new List<ObjectProperty>();
        foreach (var property in properties.EnumerateObject())
        {
            var key = JsonEncodedText.Encode(property.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
            var value = Compile(property.Value, $"{path}/properties/{property.Name}", depth + 1);
            list.Add(new ObjectProperty(property.Name, [(byte)'"', .. key, (byte)'"', (byte)':'], value, required.Contains(property.Name)));
        }

        if (required.FirstOrDefault(r => !list.Exists(p => p.Name == r)) is { } missing)
        {
            throw new SchemaException("required", path, $"'required' at {path} names '{missing}', which 'properties' does not declare");
        }

        if (list.Count > ObjectNode.MaxProperties)
        {
            throw new SchemaException("properties", path, $"at most {ObjectNode.MaxProperties} properties per object are supported (at {path})");
        }

        return new ObjectNode(list);
    }

    private static ArrayNode CompileArray(JsonElement schema, string path, int depth)
    {
        var min = NonNegative(schema, "minItems", 0, path);
        var max = NonNegative(schema, "maxItems", int.MaxValue, path);
        if (max < min)
        {
            throw new SchemaException("maxItems", path, $"'maxItems' is below 'minItems' at {path}");
        }

        var item = schema.TryGetProperty("items", out var items) ? Compile(items, $"{path}/items", depth + 1) : JsonGrammars.AnyValue;
        return new ArrayNode(() => item, min, max);
    }

    private static int NonNegative(JsonElement schema, string keyword, int fallback, string path)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < 0)
        {
            throw new SchemaException(keyword, path, $"'{keyword}' at {path} must be a non-negative integer");
        }

        return number;
    }

    private static ChoiceNode Disjoint(GrammarNode[] options, string keyword, string path)
    {
        var choice = new ChoiceNode(() => options);
        try
        {
            _ = choice.FirstBytes;
        }
        catch (ArgumentException ex)
        {
            throw new SchemaException(keyword, path, $"'{keyword}' at {path} is not supported: {ex.Message} (alternatives must differ in their first character)");
        }

        return choice;
    }

    private static byte[] CompactBytes(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            value.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
