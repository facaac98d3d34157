namespace Sluice.Engine.Engine;

/// <summary>What one choice produced in one engine step.</summary>
/// <param name="Index">Choice index within the request.</param>
/// <param name="Text">Newly emitted text (may be empty while text is held back for stop strings or split characters).</param>
/// <param name="TokenIds">Tokens generated this step.</param>
/// <param name="Logprobs">Per generated token when the request asked for logprobs; otherwise null.</param>
/// <param name="FinishReason">Set on the choice's last delta.</param>
public sealed record SequenceDelta(int Index, string Text, IReadOnlyList<int> TokenIds, IReadOnlyList<TokenLogprob>? Logprobs, FinishReason? FinishReason);
