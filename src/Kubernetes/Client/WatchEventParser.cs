using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Client;

/// <summary>Parses one line of a watch stream; ERROR events become typed exceptions.</summary>
internal static class WatchEventParser
{
    public static WatchEvent<T> Parse<T>(ResourceType type, string line, JsonTypeInfo<T> itemInfo)
        where T : KubernetesObject
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var kind = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (!root.TryGetProperty("object", out var payload))
        {
            throw new JsonException($"watch event without an object: {line}");
        }

        if (kind == "ERROR")
        {
            var status = payload.Deserialize(KubernetesJsonContext.Default.Status) ?? new Status { Message = line };
            throw KubernetesApiException.From((HttpStatusCode)(status.Code ?? 500), status);
        }

        var eventType = kind switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonException($"unknown watch event type '{kind}'"),
        };
        var obj = payload.Deserialize(itemInfo) ?? throw new JsonException($"watch event with a null object: {line}");
        obj.ApiVersion ??= type.ApiVersion;
        obj.Kind ??= type.Kind;
        return new WatchEvent<T>(eventType, obj);
    }
}
