using System.Buffers;
using System.Text;
using System.Text.Json;
using Sluice.Engine.Api.Tools;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// Writes OpenAI response bodies and stream chunks for completions (<c>text_completion</c>) and chat
/// completions (<c>chat.completion</c>, <c>chat.completion.chunk</c>). Trim-safe: no reflection.
/// </summary>
/// <param name="IsChat">Chat shape (message/delta) instead of completion shape (text).</param>
/// <param name="TokenText">Text of one token id, for logprobs.</param>
public sealed record ResponseJson(bool IsChat, string Id, long Created, string Model, Func<int, string> TokenText)
{
    /// <summary>The whole non-streaming response.</summary>
    public byte[] Full(IReadOnlyList<ChoiceAccumulator> choices, int promptTokens, int completionTokens) => Write(json =>
    {
        Header(json, IsChat ? "chat.completion" : "text_completion");
        json.WriteStartArray("choices");
        for (var index = 0; index < choices.Count; index++)
        {
            var choice = choices[index];
            json.WriteStartObject();
            json.WriteNumber("index", index);
            if (IsChat)
            {
                json.WriteStartObject("message");
                json.WriteString("role", "assistant");
                if (choice.Tools is { Calls.Count: > 0 } tools)
                {
                    if (choice.Text.Length > 0)
                    {
                        json.WriteString("content", choice.Text.ToString());
                    }
                    else
                    {
                        json.WriteNull("content");
                    }

                    json.WriteStartArray("tool_calls");
                    foreach (var call in tools.Calls)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", call.Id);
                        json.WriteString("type", "function");
                        json.WriteStartObject("function");
                        json.WriteString("name", call.Name);
                        json.WriteString("arguments", call.Arguments);
                        json.WriteEndObject();
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }
                else
                {
                    json.WriteString("content", choice.Text.ToString());
                }

                json.WriteEndObject();
            }
            else
            {
                json.WriteString("text", choice.Text.ToString());
            }

            WriteLogprobs(json, choice.Logprobs.Count > 0 ? choice.Logprobs : null);
            WriteFinish(json, choice.FinishWire);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Usage(json, promptTokens, completionTokens);
    });

    /// <summary>One stream chunk carrying <paramref name="delta"/> of one choice.</summary>
    public byte[] Chunk(SequenceDelta delta) => Write(json =>
    {
        Header(json, IsChat ? "chat.completion.chunk" : "text_completion");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", delta.Index);
        if (IsChat)
        {
            json.WriteStartObject("delta");
            if (delta.Text.Length > 0)
            {
                json.WriteString("content", delta.Text);
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", delta.Text);
        }

        WriteLogprobs(json, delta.Logprobs);
        WriteFinish(json, ChoiceAccumulator.Wire(delta.FinishReason));
        json.WriteEndObject();
        json.WriteEndArray();
    });

    /// <summary>
    /// The chat stream chunks of one step of a choice with tools, as the OpenAI SDKs assemble them: one chunk per call
    /// the step touches, each with one <c>delta.tool_calls</c> entry (<c>index</c> the call's position; on the call's
    /// first entry also <c>id</c>, <c>type</c> and <c>function.name</c>, then <c>function.arguments</c> fragments). The
    /// logprobs go on the first chunk, the content (free text, or a call header cut short at the end) and the finish
    /// reason on the last; a step without calls is one chunk.
    /// </summary>
    public IReadOnlyList<byte[]> ToolChunks(int index, ToolDecoderStep step, IReadOnlyList<TokenLogprob>? logprobs, string? finishWire)
    {
        var count = Math.Max(1, step.Calls.Count);
        var chunks = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var call = i < step.Calls.Count ? step.Calls[i] : null;
            var first = i == 0;
            var last = i == count - 1;
            chunks[i] = Write(json =>
            {
                Header(json, "chat.completion.chunk");
                json.WriteStartArray("choices");
                json.WriteStartObject();
                json.WriteNumber("index", index);
                json.WriteStartObject("delta");
                if (last && step.Content.Length > 0)
                {
                    json.WriteString("content", step.Content);
                }

                if (call is not null)
                {
                    WriteToolCallDelta(json, call);
                }

                json.WriteEndObject();
                WriteLogprobs(json, first ? logprobs : null);
                WriteFinish(json, last ? finishWire : null);
                json.WriteEndObject();
                json.WriteEndArray();
            });
        }

        return chunks;
    }

    /// <summary>The first chat chunk of a choice: the assistant role with empty content.</summary>
    public byte[] RoleChunk(int index) => Write(json =>
    {
        Header(json, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteStartObject("delta");
        json.WriteString("role", "assistant");
        json.WriteString("content", string.Empty);
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteNull("finish_reason");
        json.WriteEndObject();
        json.WriteEndArray();
    });

    /// <summary>The last stream chunk with <c>stream_options.include_usage</c>: empty choices and the usage.</summary>
    public byte[] UsageChunk(int promptTokens, int completionTokens) => Write(json =>
    {
        Header(json, IsChat ? "chat.completion.chunk" : "text_completion");
        json.WriteStartArray("choices");
        json.WriteEndArray();
        Usage(json, promptTokens, completionTokens);
    });

    private void Header(Utf8JsonWriter json, string objectType)
    {
        json.WriteString("id", Id);
        json.WriteString("object", objectType);
        json.WriteNumber("created", Created);
        json.WriteString("model", Model);
    }

    private static void Usage(Utf8JsonWriter json, int promptTokens, int completionTokens)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", promptTokens);
        json.WriteNumber("completion_tokens", completionTokens);
        json.WriteNumber("total_tokens", promptTokens + completionTokens);
        json.WriteEndObject();
    }

    private static void WriteToolCallDelta(Utf8JsonWriter json, ToolCallDelta call)
    {
        json.WriteStartArray("tool_calls");
        json.WriteStartObject();
        json.WriteNumber("index", call.Index);
        if (call.Id is not null)
        {
            json.WriteString("id", call.Id);
            json.WriteString("type", "function");
        }

        json.WriteStartObject("function");
        if (call.Name is not null)
        {
            json.WriteString("name", call.Name);
        }

        json.WriteString("arguments", call.Arguments);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteFinish(Utf8JsonWriter json, string? wire)
    {
        if (wire is not null)
        {
            json.WriteString("finish_reason", wire);
        }
        else
        {
            json.WriteNull("finish_reason");
        }
    }

    private void WriteLogprobs(Utf8JsonWriter json, IReadOnlyList<TokenLogprob>? logprobs)
    {
        if (logprobs is null)
        {
            json.WriteNull("logprobs");
            return;
        }

        json.WriteStartObject("logprobs");
        if (IsChat)
        {
            json.WriteStartArray("content");
            foreach (var entry in logprobs)
            {
                json.WriteStartObject();
                ChatToken(json, entry.TokenId, entry.Logprob);
                json.WriteStartArray("top_logprobs");
                foreach (var (tokenId, logprob) in entry.Top)
                {
                    json.WriteStartObject();
                    ChatToken(json, tokenId, logprob);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
        else
        {
            json.WriteStartArray("tokens");
            foreach (var entry in logprobs)
            {
                json.WriteStringValue(TokenText(entry.TokenId));
            }

            json.WriteEndArray();
            json.WriteStartArray("token_logprobs");
            foreach (var entry in logprobs)
            {
                json.WriteNumberValue(entry.Logprob);
            }

            json.WriteEndArray();
            json.WriteStartArray("top_logprobs");
            foreach (var entry in logprobs)
            {
                json.WriteStartObject();
                foreach (var (tokenId, logprob) in entry.Top)
                {
                    json.WriteNumber(TokenText(tokenId), logprob);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private void ChatToken(Utf8JsonWriter json, int tokenId, float logprob)
    {
        var text = TokenText(tokenId);
        json.WriteString("token", text);
        json.WriteNumber("logprob", logprob);
        json.WriteStartArray("bytes");
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            json.WriteNumberValue(b);
        }

        json.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
