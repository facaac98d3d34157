using System.Text.Json;
using Sluice.Engine.Api.Dto;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api.Tools;

/// <summary>
/// Reads the <c>tool_calls</c> of an assistant message: an array of <c>{"id","type":"function","function":{"name",
/// "arguments"}}</c> with arguments a JSON text (as the API carries it). Other shapes, and tool_calls on another role,
/// are 400s naming <c>messages[i].tool_calls</c>.
/// </summary>
public static class MessageToolCalls
{
    /// <summary>The calls, or null when the message has none.</summary>
    public static IReadOnlyList<ChatToolCall>? Parse(ChatMessageDto message, int index)
    {
        var param = $"messages[{index}].tool_calls";
        if (message.ToolCalls is not { ValueKind: not JsonValueKind.Null } calls)
        {
            return null;
        }

        SamplingValidator.Require(message.Role == "assistant", param, "only assistant messages carry tool_calls");
        SamplingValidator.Require(calls.ValueKind == JsonValueKind.Array, param, $"{param} must be an array");
        var list = new List<ChatToolCall>();
        foreach (var call in calls.EnumerateArray())
        {
            var at = $"{param}[{list.Count}]";
            SamplingValidator.Require(
                call.ValueKind == JsonValueKind.Object
                    && call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    && (!call.TryGetProperty("type", out var type) || type.GetString() == "function")
                    && call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                    && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && function.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.String,
                at,
                $"{at} must be {{\"id\":...,\"type\":\"function\",\"function\":{{\"name\":...,\"arguments\":\"<JSON text>\"}}}}");
            var fn = call.GetProperty("function");
            list.Add(new ChatToolCall(call.GetProperty("id").GetString()!, fn.GetProperty("name").GetString()!, fn.GetProperty("arguments").GetString()!));
        }

        return list.Count == 0 ? null : list;
    }
}
