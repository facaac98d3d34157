using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Sluice.Kubernetes.Crds;

/// <summary>
/// Reflects a .NET type into a structural OpenAPI v3 schema: public instance properties with their JSON
/// names ([JsonPropertyName] or camelCase), validation attributes of <see cref="Crds"/>, and descriptions
/// from [Description] or XML docs. [JsonIgnore] and [JsonExtensionData] members are left out.
/// </summary>
internal sealed class SchemaBuilder
{
    /// <summary>A Kubernetes quantity (e.g. 500m, 16Gi, 1e3), the pattern the API server's own schemas use.</summary>
    private const string QuantityPattern = @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private readonly XmlDocumentation _docs;
    private readonly HashSet<Type> _inProgress = [];

    public SchemaBuilder(XmlDocumentation docs)
    {
        _docs = docs;
    }

    /// <summary>The schema of an object type's properties (used for spec, status and nested classes).</summary>
    public V1JSONSchemaProps ForType(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || underlying == typeof(char) || underlying == typeof(Guid) || underlying == typeof(TimeSpan))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (underlying == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (underlying == typeof(int) || underlying == typeof(short) || underlying == typeof(byte) || underlying == typeof(ushort) || underlying == typeof(sbyte))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (underlying == typeof(long) || underlying == typeof(uint) || underlying == typeof(ulong))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal))
        {
            return new V1JSONSchemaProps { Type = "number" };
        }

        if (underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (underlying == typeof(byte[]))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "byte" };
        }

        if (underlying == typeof(ResourceQuantity))
        {
            // A string, not the int-or-string the API's own schemas use: with int-or-string map values, the 1.20 API
            // server applied the status conditions of an LLMDeployment as an atomic list (StatusWriteStormTests).
            return new V1JSONSchemaProps { Type = "string", Pattern = QuantityPattern };
        }

        if (underlying == typeof(IntOrString))
        {
            return new V1JSONSchemaProps { XKubernetesIntOrString = true };
        }

        if (underlying == typeof(JsonElement) || underlying == typeof(JsonNode) || underlying == typeof(object))
        {
            return new V1JSONSchemaProps { XKubernetesPreserveUnknownFields = true };
        }

        if (underlying == typeof(JsonObject))
        {
            return new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        if (underlying.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = [.. EnumNames(underlying).Select(n => (object)JsonValue.Create(n))] };
        }

        if (DictionaryValueType(underlying) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ForType(valueType) };
        }

        if (ElementType(underlying) is { } elementType)
        {
            return new V1JSONSchemaProps { Type = "array", Items = ForType(elementType) };
        }

        return ForObject(underlying);
    }

    /// <summary>The JSON name a property is serialized under.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>Enum values as JSON writes them: [JsonStringEnumMemberName] or the member name.</summary>
    public static IEnumerable<string> EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    /// <summary>The schema of a property: its type's schema plus the property's attributes.</summary>
    public V1JSONSchemaProps ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType);
        schema.Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? _docs.For(property)
            ?? schema.Description;
        if (property.GetCustomAttribute<MinimumAttribute>() is { } min)
        {
            schema.Minimum = min.Value;
            schema.ExclusiveMinimum = min.Exclusive ? true : null;
        }

        if (property.GetCustomAttribute<MaximumAttribute>() is { } max)
        {
            schema.Maximum = max.Value;
            schema.ExclusiveMaximum = max.Exclusive ? true : null;
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            var isArray = schema.Type == "array";
            long? lower = length.Minimum >= 0 ? length.Minimum : null;
            long? upper = length.Maximum >= 0 ? length.Maximum : null;
            (schema.MinItems, schema.MaxItems, schema.MinLength, schema.MaxLength) =
                isArray ? (lower, upper, null, null) : ((long?)null, (long?)null, lower, upper);
        }

        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Regex;
        }

        if (property.GetCustomAttribute<EnumValuesAttribute>() is { } values)
        {
            schema.EnumProperty = [.. values.Values.Select(v => (object)JsonValue.Create(v))];
        }

        if (property.GetCustomAttribute<FormatAttribute>() is { } format)
        {
            schema.Format = format.Format;
        }

        if (property.GetCustomAttribute<DefaultAttribute>() is { } @default)
        {
            schema.DefaultProperty = @default.Value switch
            {
                Enum e => JsonValue.Create(EnumNames(e.GetType()).ElementAt(Array.IndexOf(Enum.GetValues(e.GetType()), e))),
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                double d => JsonValue.Create(d),
                float f => JsonValue.Create((double)f),
                IConvertible c => JsonValue.Create(Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture)),
                _ => throw new InvalidOperationException($"[Default] on {property.DeclaringType?.Name}.{property.Name} must be a constant"),
            };
        }

        if (property.GetCustomAttribute<DefaultJsonAttribute>() is { } defaultJson)
        {
            schema.DefaultProperty = JsonNode.Parse(defaultJson.Json);
        }

        if (property.IsDefined(typeof(PreserveUnknownFieldsAttribute)))
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        if (property.GetCustomAttribute<ListMapAttribute>() is { } listMap)
        {
            schema.XKubernetesListType = "map";
            schema.XKubernetesListMapKeys = [.. listMap.Keys];
            if (schema.Items is V1JSONSchemaProps item)
            {
                // The API server requires the keys of a list map to be required fields of its items.
                item.Required = [.. (item.Required ?? []).Union(listMap.Keys)];
            }
        }

        return schema;
    }

    /// <summary>The properties that appear in JSON, in declaration order (base class first).</summary>
    public static IEnumerable<PropertyInfo> SerializedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0
                && p.GetMethod is not null
                && !p.IsDefined(typeof(JsonExtensionDataAttribute))
                && p.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition is not JsonIgnoreCondition.Always)
            .OrderBy(p => InheritanceDepth(p.DeclaringType!))
            .ThenBy(p => p.MetadataToken);

    /// <summary>True when the property is marked [Required] or declared with the C# required modifier.</summary>
    public static bool IsRequired(PropertyInfo property) =>
        property.IsDefined(typeof(RequiredAttribute)) || property.IsDefined(typeof(RequiredMemberAttribute));

    private V1JSONSchemaProps ForObject(Type type)
    {
        if (!_inProgress.Add(type))
        {
            throw new InvalidOperationException($"{type.FullName} refers to itself; recursive types cannot be expressed in a structural CRD schema");
        }

        try
        {
            var schema = new V1JSONSchemaProps { Type = "object", Description = _docs.For(type), Properties = new Dictionary<string, V1JSONSchemaProps>() };
            var required = new List<string>();
            foreach (var property in SerializedProperties(type))
            {
                var name = JsonName(property);
                schema.Properties[name] = ForProperty(property);
                if (IsRequired(property))
                {
                    required.Add(name);
                }
            }

            schema.Required = required.Count > 0 ? required : null;
            if (type.IsDefined(typeof(PreserveUnknownFieldsAttribute)))
            {
                schema.XKubernetesPreserveUnknownFields = true;
            }

            return schema;
        }
        finally
        {
            _inProgress.Remove(type);
        }
    }

    private static int InheritanceDepth(Type type)
    {
        var depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
              ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            dictionary = type;
        }

        if (dictionary is null)
        {
            return null;
        }

        var args = dictionary.GetGenericArguments();
        return args[0] == typeof(string)
            ? args[1]
            : throw new InvalidOperationException($"{type.Name}: only string-keyed dictionaries map to JSON objects");
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}
