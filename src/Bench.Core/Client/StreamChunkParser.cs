using System.Text.Json;

namespace Sluice.Bench.Client;

/// <summary>Parses the JSON payload of one SSE <c>data:</c> line of an OpenAI-style completion stream.</summary>
public static class StreamChunkParser
{
    /// <summary>
    /// Reads text from every choice (<c>text</c>, <c>delta.content</c>, <c>delta.reasoning_content</c>),
    /// usage and an <c>error</c> object. Payloads that are not JSON objects give an error chunk, never an exception.
    /// </summary>
    public static StreamChunk Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new StreamChunk("", null, null, "stream event is not a JSON object");
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m)
                    ? m.ToString()
                    : error.ToString();
                return new StreamChunk("", null, null, message);
            }

            var text = ReadText(root);
            int? promptTokens = null;
            int? completionTokens = null;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                promptTokens = ReadInt(usage, "prompt_tokens");
                completionTokens = ReadInt(usage, "completion_tokens");
            }

            return new StreamChunk(text, promptTokens, completionTokens, null);
        }
        catch (JsonException e)
        {
            return new StreamChunk("", null, null, "stream event is not valid JSON: " + e.Message);
        }
    }

    private static string ReadText(JsonElement root)
    {
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = "";
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            text += ReadString(choice, "text");
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                text += ReadString(delta, "content") + ReadString(delta, "reasoning_content");
            }
        }

        return text;
    }

    private static string ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static int? ReadInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
