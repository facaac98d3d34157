namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Pads a decode step (one token per sequence) to a fixed shape, so that a captured graph's kernel arguments fit
/// every step of that shape: <c>batchSize</c> token rows and logit rows, block tables of a fixed row stride. Padding
/// rows read token 0 at position 0 through an all-zero block table row and write no KV (slot -1); their logits are
/// ignored.
/// </summary>
public static class DecodePadding
{
    /// <summary>The padded copy of <paramref name="batch"/> (which has at most <paramref name="batchSize"/> tokens).</summary>
    public static StepBatch Pad(StepBatch batch, int batchSize, int blockTableStride)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var n = batch.NumTokens;
        if (n > batchSize || batch.MaxBlocksPerSequence > blockTableStride || batch.LogitRows.Length != n)
        {
            throw new ArgumentException($"decode step of {n} tokens ({batch.MaxBlocksPerSequence} blocks per sequence) does not fit batch {batchSize}, stride {blockTableStride}");
        }

        var ids = new int[batchSize];
        var positions = new int[batchSize];
        var slots = new int[batchSize];
        var sequences = new int[batchSize];
        var tables = new int[(batchSize + 1) * blockTableStride];
        Array.Fill(slots, -1);
        Array.Fill(sequences, n);
        batch.TokenIds.CopyTo(ids, 0);
        batch.Positions.CopyTo(positions, 0);
        batch.SlotMapping.CopyTo(slots, 0);
        batch.TokenSequence.CopyTo(sequences, 0);
        for (var s = 0; s < n; s++)
        {
            Array.Copy(batch.BlockTables, s * batch.MaxBlocksPerSequence, tables, s * blockTableStride, batch.MaxBlocksPerSequence);
        }

        return new StepBatch(ids, positions, slots, sequences, tables, blockTableStride, Enumerable.Range(0, batchSize).ToArray());
    }
}
