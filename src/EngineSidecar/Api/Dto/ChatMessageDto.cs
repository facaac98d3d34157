using System.Text.Json;

namespace Sluice.Engine.Api.Dto;

/// <summary>One message of a chat completion request.</summary>
public sealed class ChatMessageDto
{
    public string? Role { get; set; }

    /// <summary>A string, an array of <c>{"type":"text","text":...}</c> parts, or null.</summary>
    public JsonElement? Content { get; set; }

    public string? Name { get; set; }
}
