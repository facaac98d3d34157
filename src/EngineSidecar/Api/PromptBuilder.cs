using System.Text;
using System.Text.Json;
using Sluice.Engine.Api.Dto;
using Sluice.Engine.Api.Tools;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api;

/// <summary>Turns the prompt of a completion request or the messages of a chat request into token ids; bad shapes are 400s.</summary>
public sealed class PromptBuilder(ITokenizer tokenizer, IChatTemplate? chatTemplate)
{
    private static readonly HashSet<string> Roles = ["system", "developer", "user", "assistant", "tool"];

    /// <summary>Tokens of a completion prompt: a string, a one-element array of strings, or an array of token ids.</summary>
    public int[] FromPrompt(JsonElement? prompt)
    {
        if (prompt is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            throw ApiException.BadRequest("'prompt' is required", "prompt");
        }

        int[] tokens;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                tokens = EncodeText(element.GetString()!, addSpecialTokens: true);
                break;
            case JsonValueKind.Array when element.GetArrayLength() == 0:
                throw ApiException.BadRequest("'prompt' must not be empty", "prompt");
            case JsonValueKind.Array when element[0].ValueKind == JsonValueKind.String:
                SamplingValidator.Require(element.GetArrayLength() == 1, "prompt", "only one prompt per request is supported; send one request per prompt");
                tokens = EncodeText(element[0].GetString()!, addSpecialTokens: true);
                break;
            case JsonValueKind.Array:
                tokens = new int[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    SamplingValidator.Require(
                        item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out tokens[i]) && tokens[i] >= 0 && tokens[i] < tokenizer.VocabSize,
                        "prompt",
                        $"a prompt of token ids must hold integers in [0, {tokenizer.VocabSize})");
                    i++;
                }

                break;
            default:
                throw ApiException.BadRequest("'prompt' must be a string, an array with one string, or an array of token ids", "prompt");
        }

        SamplingValidator.Require(tokens.Length > 0, "prompt", "'prompt' must not be empty");
        return tokens;
    }

    /// <summary>
    /// Tokens of a conversation rendered by the model's chat template, by default with the assistant header appended;
    /// <paramref name="tools"/> go to the template's <c>tools</c> variable. Messages with tool_calls or tool_call_id are a
    /// 400 naming the field when the template does not render tools.
    /// </summary>
    public int[] FromMessages(List<ChatMessageDto?>? messages, bool addGenerationPrompt = true, bool addSpecialTokens = false, IReadOnlyList<ChatTool>? tools = null)
    {
        if (messages is null || messages.Count == 0)
        {
            throw ApiException.BadRequest("'messages' must be a non-empty array", "messages");
        }

        if (chatTemplate is null)
        {
            throw ApiException.BadRequest("this model has no chat template; use /v1/completions", "messages", "chat_template_missing");
        }

        var chat = new List<ChatMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw ApiException.BadRequest($"messages[{i}] must be an object", $"messages[{i}]");
            SamplingValidator.Require(message.Role is not null && Roles.Contains(message.Role), $"messages[{i}].role", $"messages[{i}].role must be one of {string.Join(", ", Roles)}");
            var calls = MessageToolCalls.Parse(message, i);
            SamplingValidator.Require(
                calls is null || chatTemplate.ToolCalls is not null,
                $"messages[{i}].tool_calls",
                "this model's chat template does not render tools, so messages with tool_calls are not supported for it",
                "unsupported_field");
            SamplingValidator.Require(
                message.ToolCallId is null || chatTemplate.ToolCalls is not null,
                $"messages[{i}].tool_call_id",
                "this model's chat template does not render tools, so messages with tool_call_id are not supported for it",
                "unsupported_field");
            chat.Add(new ChatMessage(message.Role!, ContentText(message.Content, i), calls, message.ToolCallId));
        }

        string rendered;
        try
        {
            rendered = chatTemplate.Render(chat, addGenerationPrompt, tools);
        }
        catch (ChatTemplateException ex)
        {
            throw ApiException.BadRequest("the chat template rejected the conversation: " + ex.Message, "messages");
        }

        var tokens = EncodeText(rendered, addSpecialTokens);
        SamplingValidator.Require(tokens.Length > 0, "messages", "the conversation renders to an empty prompt");
        return tokens;
    }

    private int[] EncodeText(string text, bool addSpecialTokens)
    {
        SamplingValidator.Require(text.Length > 0, "prompt", "'prompt' must not be empty");
        return tokenizer.Encode(text, addSpecialTokens);
    }

    private static string ContentText(JsonElement? content, int index)
    {
        var param = $"messages[{index}].content";
        if (content is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString()!;
        }

        SamplingValidator.Require(element.ValueKind == JsonValueKind.Array, param, $"{param} must be a string or an array of text parts");
        var text = new StringBuilder();
        foreach (var part in element.EnumerateArray())
        {
            SamplingValidator.Require(
                part.ValueKind == JsonValueKind.Object
                    && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"
                    && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String,
                param,
                $"{param} parts must be {{\"type\":\"text\",\"text\":...}}; other part types are not supported");
            text.Append(part.GetProperty("text").GetString());
        }

        return text.ToString();
    }
}
