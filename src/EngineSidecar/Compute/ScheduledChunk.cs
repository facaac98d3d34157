namespace Sluice.Engine.Compute;

/// <summary>
/// One sequence's share of a forward pass: the tokens whose keys/values are computed this step
/// (a prefill chunk or a single decode token), and where the sequence's KV cache lives.
/// </summary>
/// <param name="SequenceId">Caller's id of the sequence; opaque to the runner.</param>
/// <param name="TokenIds">Tokens to compute, in order; at least one.</param>
/// <param name="StartPosition">Position of <paramref name="TokenIds"/>[0] in the sequence (= tokens already in the KV cache).</param>
/// <param name="BlockTable">Physical KV block ids, block i holding positions [i·blockSize, (i+1)·blockSize);
/// covers every position up to StartPosition + TokenIds.Length - 1.</param>
/// <param name="ComputeLogits">True when the chunk ends at the sequence's newest token, so the next token is sampled from it.</param>
public sealed record ScheduledChunk(long SequenceId, int[] TokenIds, int StartPosition, int[] BlockTable, bool ComputeLogits);
