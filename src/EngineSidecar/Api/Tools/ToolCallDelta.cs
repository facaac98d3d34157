namespace Sluice.Engine.Api.Tools;

/// <summary>What one piece of output text added to one tool call (a stream's <c>delta.tool_calls</c> entry).</summary>
/// <param name="Index">The call's position in the choice: 0, 1, 2…</param>
/// <param name="Id">The call's id on its first delta; null on later ones.</param>
/// <param name="Name">The function name on the call's first delta; null on later ones.</param>
/// <param name="Arguments">A new fragment of the call's arguments JSON (may be empty on the first delta).</param>
public sealed record ToolCallDelta(int Index, string? Id, string? Name, string Arguments);
