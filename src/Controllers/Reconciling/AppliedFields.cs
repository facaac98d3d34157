using System.Text.Json.Nodes;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Pure: whether a live object already holds every field of a desired applied configuration, so that a server-side apply
/// of it would change nothing and can be skipped. Objects: every desired property is present and covered (extra live
/// properties, such as the API server's defaults, are fine). Arrays: the same length, each desired item covered by
/// the live item at the same index (so a removed, added or reordered item is a difference). Scalars: equal JSON.
/// <c>apiVersion</c> and <c>kind</c> at the top are not compared (cached list items may lack them).
/// </summary>
public static class AppliedFields
{
    /// <summary>True when <paramref name="live"/> covers <paramref name="desired"/> as described above.</summary>
    public static bool AreCovered(JsonObject live, JsonObject desired)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(desired);
        return desired.Where(p => p.Key is not ("apiVersion" or "kind")).All(p => Covers(live[p.Key], p.Value));
    }

    private static bool Covers(JsonNode? live, JsonNode? desired) => (live, desired) switch
    {
        (_, null) => live is null,
        (JsonObject l, JsonObject d) => d.All(p => l.ContainsKey(p.Key) && Covers(l[p.Key], p.Value)),
        (JsonArray l, JsonArray d) => l.Count == d.Count && d.Select((item, i) => Covers(l[i], item)).All(c => c),
        (JsonValue l, JsonValue d) => JsonNode.DeepEquals(l, d),
        _ => false,
    };
}
