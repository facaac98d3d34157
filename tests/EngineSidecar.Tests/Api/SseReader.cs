using System.Text.Json;

namespace Sluice.Engine.Tests.Api;

/// <summary>Reads a server-sent event stream into its JSON payloads, checking the framing.</summary>
internal static class SseReader
{
    /// <summary>All <c>data:</c> payloads up to <c>[DONE]</c>; fails when the stream ends without it.</summary>
    public static async Task<List<JsonElement>> ReadAllAsync(HttpResponseMessage response)
    {
        var events = new List<JsonElement>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            line.Should().StartWith("data: ");
            var payload = line["data: ".Length..];
            if (payload == "[DONE]")
            {
                return events;
            }

            events.Add(JsonDocument.Parse(payload).RootElement.Clone());
        }

        throw new InvalidOperationException("the stream ended without data: [DONE]");
    }

    /// <summary>Concatenated text of choice <paramref name="index"/> (completion <c>text</c> or chat <c>delta.content</c>).</summary>
    public static string Text(IEnumerable<JsonElement> events, int index = 0) => string.Concat(
        events.SelectMany(e => e.GetProperty("choices").EnumerateArray())
            .Where(c => c.GetProperty("index").GetInt32() == index)
            .Select(c => c.TryGetProperty("text", out var text) ? text.GetString()
                : c.GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : string.Empty));
}
