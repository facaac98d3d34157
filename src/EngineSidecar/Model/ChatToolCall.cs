namespace Sluice.Engine.Model;

/// <summary>A tool call of an earlier assistant message, as passed to a chat template.</summary>
/// <param name="Id">The call's id (what the tool message's tool_call_id refers to).</param>
/// <param name="Name">The function called.</param>
/// <param name="ArgumentsJson">The arguments as the JSON text the API carries.</param>
public sealed record ChatToolCall(string Id, string Name, string ArgumentsJson);
