using System.Text.Json;
using Sluice.Bench.Datasets;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Client;

/// <summary>Builds the JSON body of a streaming completion request.</summary>
public static class RequestPayload
{
    /// <summary>
    /// UTF-8 JSON with <c>model</c>, the prompt (<c>prompt</c>, or <c>messages</c> for chat with the shared
    /// system prompt as a system message), <c>max_tokens</c>, <c>stream: true</c>,
    /// <c>stream_options.include_usage: true</c> and, when asked, <c>ignore_eos: true</c>. For the
    /// completions API a shared system prompt is prepended to the prompt, separated by a blank line.
    /// </summary>
    public static byte[] Build(ApiKind api, string model, BenchPrompt prompt, string? systemPrompt, bool ignoreEos)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            if (api == ApiKind.Chat)
            {
                json.WriteStartArray("messages");
                if (systemPrompt is not null)
                {
                    WriteMessage(json, "system", systemPrompt);
                }

                WriteMessage(json, "user", prompt.Text);
                json.WriteEndArray();
            }
            else
            {
                json.WriteString("prompt", systemPrompt is null ? prompt.Text : systemPrompt + "\n\n" + prompt.Text);
            }

            json.WriteNumber("max_tokens", prompt.MaxOutputTokens);
            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
            if (ignoreEos)
            {
                json.WriteBoolean("ignore_eos", true);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}
