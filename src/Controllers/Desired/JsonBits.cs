using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Controllers.Desired;

/// <summary>Builds the raw JSON fields the typed models keep in extension data (securityContext, lifecycle, …).</summary>
internal static class JsonBits
{
    public static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node, KubernetesJsonContext.Default.JsonNode);

    public static JsonElement EmptyObject() => Element(new JsonObject());

    /// <summary>Sets <paramref name="key"/> in a model's extension data, creating the dictionary.</summary>
    public static Dictionary<string, JsonElement> With(this Dictionary<string, JsonElement>? data, string key, JsonNode value)
    {
        data ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        data[key] = Element(value);
        return data;
    }

    public static Dictionary<string, JsonElement> With(this Dictionary<string, JsonElement>? data, string key, JsonElement value)
    {
        data ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        data[key] = value.Clone();
        return data;
    }
}
