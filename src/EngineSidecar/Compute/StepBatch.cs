namespace Sluice.Engine.Compute;

/// <summary>
/// Host-side index data of one forward step, flattened over the batch's tokens (T) and sequences (S),
/// in the layout a device kernel would read: every array is dense and fixed-stride.
/// </summary>
/// <param name="TokenIds">[T] input token of each row.</param>
/// <param name="Positions">[T] position of each token in its sequence.</param>
/// <param name="SlotMapping">[T] KV cache slot (block · blockSize + offset) each token's key/value is written to.</param>
/// <param name="TokenSequence">[T] index of each token's sequence in [0, S).</param>
/// <param name="BlockTables">[S, MaxBlocksPerSequence] physical block ids, padded with -1.</param>
/// <param name="MaxBlocksPerSequence">Row stride of <paramref name="BlockTables"/>.</param>
/// <param name="LogitRows">[L] rows (token indices) whose logits are returned, in output order.</param>
public sealed record StepBatch(
    int[] TokenIds,
    int[] Positions,
    int[] SlotMapping,
    int[] TokenSequence,
    int[] BlockTables,
    int MaxBlocksPerSequence,
    int[] LogitRows)
{
    /// <summary>Tokens in the step (T).</summary>
    public int NumTokens => TokenIds.Length;
}
