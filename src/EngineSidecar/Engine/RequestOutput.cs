namespace Sluice.Engine.Engine;

/// <summary>One message from the engine to a request's reader: the deltas of a step, and whether the request is done.</summary>
/// <param name="Deltas">Deltas of the choices that progressed this step.</param>
/// <param name="Finished">True on the last message; the channel completes after it.</param>
/// <param name="NumPromptTokens">Prompt tokens of the request.</param>
/// <param name="NumCompletionTokens">Output tokens of all choices so far.</param>
/// <param name="Error">Set when the request failed inside the engine (runner error or shutdown).</param>
/// <param name="QueueTimedOut">Set on the final message of a request that waited past its queue-time limit and never ran.</param>
public sealed record RequestOutput(IReadOnlyList<SequenceDelta> Deltas, bool Finished, int NumPromptTokens, int NumCompletionTokens, string? Error = null, bool QueueTimedOut = false);
