using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Models;

namespace Sluice.Operator.Crds;

/// <summary>
/// Builds a structural OpenAPI v3 schema from a C# type by reflection: public read/write properties in
/// camelCase (or their [JsonPropertyName]), validation from the attributes in <c>Sluice.Kubernetes.Crds</c>.
/// [JsonExtensionData] members are left out, so the API server prunes unknown fields unless a property or
/// class says [PreserveUnknownFields].
/// </summary>
public static class SchemaBuilder
{
    /// <summary>The schema of <paramref name="type"/>; throws <see cref="NotSupportedException"/> for a type it cannot map.</summary>
    [RequiresUnreferencedCode("reflects over public properties")]
    public static JsonSchemaProps For(Type type) => Build(type, []);

    [RequiresUnreferencedCode("reflects over public properties")]
    private static JsonSchemaProps Build(Type type, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonSchemaProps { Type = "string" };
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return new JsonSchemaProps { Type = "integer", Format = type == typeof(long) ? "int64" : "int32" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new JsonSchemaProps { Type = "number" };
        }

        if (type == typeof(bool))
        {
            return new JsonSchemaProps { Type = "boolean" };
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return new JsonSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(IntOrString))
        {
            return new JsonSchemaProps { XKubernetesIntOrString = true };
        }

        if (type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(JsonObject))
        {
            return new JsonSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        if (type.IsEnum)
        {
            return new JsonSchemaProps { Type = "string", Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(n))] };
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new JsonSchemaProps { Type = "object", AdditionalProperties = Build(valueType, visiting) };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new JsonSchemaProps { Type = "array", Items = Build(itemType, visiting) };
        }

        if (!type.IsClass)
        {
            throw new NotSupportedException($"no schema mapping for {type.FullName}");
        }

        if (!visiting.Add(type))
        {
            throw new NotSupportedException($"{type.FullName} refers to itself; structural schemas cannot recurse");
        }

        var schema = new JsonSchemaProps { Type = "object", Properties = [] };
        var required = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is null || property.SetMethod is null || property.GetIndexParameters().Length > 0
                || property.IsDefined(typeof(JsonExtensionDataAttribute)) || property.IsDefined(typeof(JsonIgnoreAttribute)))
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            schema.Properties[name] = Apply(property, Build(property.PropertyType, visiting));
            if (property.IsDefined(typeof(RequiredAttribute)) || property.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute)))
            {
                required.Add(name);
            }
        }

        if (type.IsDefined(typeof(PreserveUnknownFieldsAttribute)))
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        schema.Required = required.Count > 0 ? required : null;
        visiting.Remove(type);
        return schema;
    }

    private static JsonSchemaProps Apply(PropertyInfo property, JsonSchemaProps schema)
    {
        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Regex;
        }

        if (property.GetCustomAttribute<EnumValuesAttribute>() is { } values)
        {
            schema.Enum = [.. values.Values.Select(v => (JsonNode)JsonValue.Create(v))];
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            long? min = length.Minimum >= 0 ? length.Minimum : null;
            long? max = length.Maximum >= 0 ? length.Maximum : null;
            if (schema.Type == "array")
            {
                (schema.MinItems, schema.MaxItems) = (min, max);
            }
            else
            {
                (schema.MinLength, schema.MaxLength) = (min, max);
            }
        }

        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            schema.Minimum = minimum.Value;
            schema.ExclusiveMinimum = minimum.Exclusive ? true : null;
        }

        if (property.GetCustomAttribute<MaximumAttribute>() is { } maximum)
        {
            schema.Maximum = maximum.Value;
            schema.ExclusiveMaximum = maximum.Exclusive ? true : null;
        }

        if (property.GetCustomAttribute<FormatAttribute>() is { } format)
        {
            schema.Format = format.Format;
        }

        if (property.GetCustomAttribute<DefaultAttribute>() is { } @default)
        {
            schema.Default = DefaultValue(@default.Value, property);
        }

        if (property.GetCustomAttribute<DefaultJsonAttribute>() is { } defaultJson)
        {
            schema.Default = JsonNode.Parse(defaultJson.Json);
        }

        if (property.IsDefined(typeof(PreserveUnknownFieldsAttribute)))
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        return schema;
    }

    private static JsonValue DefaultValue(object value, PropertyInfo property) => value switch
    {
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        Enum e => JsonValue.Create(e.ToString()),
        _ => throw new NotSupportedException($"[Default] on {property.DeclaringType?.Name}.{property.Name} has a {value.GetType().Name}; use [DefaultJson]"),
    };

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(Dictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type
            : null;
        return dictionary is not null && dictionary.GetGenericArguments()[0] == typeof(string) ? dictionary.GetGenericArguments()[1] : null;
    }

    private static Type? ListItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments().Length == 1
            ? type.GetGenericArguments()[0]
            : null;
    }
}
