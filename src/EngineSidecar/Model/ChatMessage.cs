namespace Sluice.Engine.Model;

/// <summary>One message of a chat conversation as passed to a chat template.</summary>
/// <param name="Role">system, developer, user, assistant or tool.</param>
/// <param name="Content">The text; empty when the message has none (an assistant message that only calls tools).</param>
/// <param name="ToolCalls">An assistant message's tool calls, or null.</param>
/// <param name="ToolCallId">A tool message's <c>tool_call_id</c>, or null.</param>
public sealed record ChatMessage(string Role, string Content, IReadOnlyList<ChatToolCall>? ToolCalls = null, string? ToolCallId = null);
