using System.Text.Json;

namespace Sluice.Engine.Api.Fields;

/// <summary>
/// Checks a request body's field names against the pinned lists of <see cref="OpenAiRequestFields"/> before it is
/// deserialized (System.Text.Json would drop unknown names silently): a field outside the list, or a
/// <see cref="FieldSupport.Refused"/> field with a value other than null or false, is a 400 whose param names it.
/// Messages and stream_options are checked the same way. Malformed JSON is left to the deserializer's error.
/// </summary>
public static class RequestFieldGuard
{
    private static readonly Dictionary<string, FieldRule> ChatRules = OpenAiRequestFields.Chat.ToDictionary(r => r.Name, StringComparer.Ordinal);
    private static readonly Dictionary<string, FieldRule> CompletionRules = OpenAiRequestFields.Completions.ToDictionary(r => r.Name, StringComparer.Ordinal);
    private static readonly Dictionary<string, FieldRule> MessageRules = OpenAiRequestFields.Message.ToDictionary(r => r.Name, StringComparer.Ordinal);
    private static readonly Dictionary<string, FieldRule> StreamOptionRules = OpenAiRequestFields.StreamOptions.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>Throws a 400 <see cref="ApiException"/> for the first unknown or refused field of a chat or completion body.</summary>
    public static void Check(byte[] body, bool isChat)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return; // the deserializer reports where the JSON breaks
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            CheckObject(root, isChat ? ChatRules : CompletionRules, prefix: string.Empty);
            if (root.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind == JsonValueKind.Object)
            {
                CheckObject(streamOptions, StreamOptionRules, "stream_options.");
            }

            if (isChat && root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var message in messages.EnumerateArray())
                {
                    if (message.ValueKind == JsonValueKind.Object)
                    {
                        CheckObject(message, MessageRules, $"messages[{index}].");
                    }

                    index++;
                }
            }
        }
    }

    /// <summary>Throws a 400 naming the first top-level field of <paramref name="body"/> outside <paramref name="known"/> (bodies other than chat and completions).</summary>
    public static void CheckNames(byte[] body, IReadOnlyList<string> known)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                CheckObject(document.RootElement, known.ToDictionary(n => n, n => new FieldRule(n, FieldSupport.Implemented, string.Empty), StringComparer.Ordinal), string.Empty);
            }
        }
        catch (JsonException)
        {
            // the deserializer reports where the JSON breaks
        }
    }

    private static void CheckObject(JsonElement element, Dictionary<string, FieldRule> rules, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var param = prefix + property.Name;
            if (!seen.Add(property.Name))
            {
                throw ApiException.BadRequest($"'{param}' appears more than once", param);
            }

            if (!rules.TryGetValue(property.Name, out var rule))
            {
                throw ApiException.BadRequest($"unrecognized request field '{param}'; docs/api.md lists the supported fields", param, "unknown_field");
            }

            var asksForNothing = property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.False;
            if (rule.Support == FieldSupport.Refused && !asksForNothing)
            {
                throw ApiException.BadRequest($"'{param}' is not supported: {rule.Note}", param, "unsupported_field");
            }
        }
    }
}
