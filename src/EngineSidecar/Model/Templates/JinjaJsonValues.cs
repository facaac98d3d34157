using System.Text.Json;

namespace Sluice.Engine.Model.Templates;

/// <summary>JSON text as template values (dict, list, string, long, double, bool, null), as Python's json.loads gives them.</summary>
internal static class JinjaJsonValues
{
    /// <summary>The value of <paramref name="json"/>; the text itself when it is not valid JSON.</summary>
    public static object? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return From(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>The template value of <paramref name="element"/>.</summary>
    public static object? From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(
            new Dictionary<string, object?>(StringComparer.Ordinal),
            (dict, p) =>
            {
                dict[p.Name] = From(p.Value);
                return dict;
            }),
        JsonValueKind.Array => element.EnumerateArray().Select(From).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : (object)element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
