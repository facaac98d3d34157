using System.Text.Json;

namespace Sluice.Engine.Api.Dto;

/// <summary>One message of a chat completion request.</summary>
public sealed class ChatMessageDto
{
    public string? Role { get; set; }

    /// <summary>A string, an array of <c>{"type":"text","text":...}</c> parts, or null.</summary>
    public JsonElement? Content { get; set; }

    public string? Name { get; set; }

    /// <summary>An assistant message's calls: <c>[{"id","type":"function","function":{"name","arguments"}}]</c>.</summary>
    public JsonElement? ToolCalls { get; set; }

    /// <summary>A tool message's reference to the call it answers.</summary>
    public string? ToolCallId { get; set; }
}
