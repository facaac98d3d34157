namespace Sluice.Engine.Engine;

/// <summary>A token appended to <paramref name="Sequence"/> by a step, waiting for its text to be emitted.</summary>
/// <param name="Sequence">The sequence that generated it.</param>
/// <param name="TokenId">The token.</param>
/// <param name="Logprob">Its logprob when the host sampler chose it for a request that asked; otherwise null.</param>
/// <param name="Finish">Why the sequence ended at this token when that is known without text (EOS or a stop token id:
/// Stop; max_tokens or the model length: Length, which a stop string in the flushed text may still turn into Stop); else null.</param>
internal readonly record struct SampledToken(Sequence Sequence, int TokenId, TokenLogprob? Logprob, FinishReason? Finish);
