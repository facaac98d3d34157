namespace Sluice.Engine.Engine;

/// <summary>The tokens one step appended, in chunk order, and the Stopwatch timestamp at which they were applied.</summary>
internal sealed record AppliedStep(IReadOnlyList<SampledToken> Tokens, long Timestamp);
