namespace Sluice.Engine.Compute;

/// <summary>Checks a batch of <see cref="ScheduledChunk"/>s against the model and cache and flattens it into a <see cref="StepBatch"/>.</summary>
public static class StepBatchBuilder
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the chunk for an empty chunk, an out-of-range token, position or block.</summary>
    public static StepBatch Build(IReadOnlyList<ScheduledChunk> chunks, int vocabSize, int maxPositions, int numBlocks, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var totalTokens = 0;
        var maxBlocks = 1;
        foreach (var chunk in chunks)
        {
            Validate(chunk, vocabSize, maxPositions, numBlocks, blockSize);
            totalTokens += chunk.TokenIds.Length;
            maxBlocks = Math.Max(maxBlocks, chunk.BlockTable.Length);
        }

        var tokenIds = new int[totalTokens];
        var positions = new int[totalTokens];
        var slots = new int[totalTokens];
        var sequenceOf = new int[totalTokens];
        var blockTables = new int[chunks.Count * maxBlocks];
        Array.Fill(blockTables, -1);
        var logitRows = new List<int>();
        var t = 0;
        for (var s = 0; s < chunks.Count; s++)
        {
            var chunk = chunks[s];
            chunk.BlockTable.CopyTo(blockTables, s * maxBlocks);
            for (var i = 0; i < chunk.TokenIds.Length; i++, t++)
            {
                var position = chunk.StartPosition + i;
                tokenIds[t] = chunk.TokenIds[i];
                positions[t] = position;
                slots[t] = (chunk.BlockTable[position / blockSize] * blockSize) + (position % blockSize);
                sequenceOf[t] = s;
            }

            if (chunk.ComputeLogits)
            {
                logitRows.Add(t - 1);
            }
        }

        return new StepBatch(tokenIds, positions, slots, sequenceOf, blockTables, maxBlocks, [.. logitRows]);
    }

    private static void Validate(ScheduledChunk chunk, int vocabSize, int maxPositions, int numBlocks, int blockSize)
    {
        var id = chunk.SequenceId;
        if (chunk.TokenIds is null || chunk.TokenIds.Length == 0)
        {
            throw new ArgumentException($"sequence {id}: chunk has no tokens");
        }

        if (chunk.StartPosition < 0)
        {
            throw new ArgumentException($"sequence {id}: negative start position {chunk.StartPosition}");
        }

        var end = chunk.StartPosition + chunk.TokenIds.Length;
        if (end > maxPositions)
        {
            throw new ArgumentException($"sequence {id}: positions up to {end - 1} exceed the model's {maxPositions}-token context");
        }

        foreach (var token in chunk.TokenIds)
        {
            if ((uint)token >= (uint)vocabSize)
            {
                throw new ArgumentException($"sequence {id}: token id {token} is outside the vocabulary [0, {vocabSize})");
            }
        }

        var neededBlocks = (end + blockSize - 1) / blockSize;
        if (chunk.BlockTable is null || chunk.BlockTable.Length < neededBlocks)
        {
            throw new ArgumentException($"sequence {id}: block table has {chunk.BlockTable?.Length ?? 0} blocks, positions up to {end - 1} need {neededBlocks}");
        }

        for (var b = 0; b < neededBlocks; b++)
        {
            if ((uint)chunk.BlockTable[b] >= (uint)numBlocks)
            {
                throw new ArgumentException($"sequence {id}: block id {chunk.BlockTable[b]} is outside the cache's {numBlocks} blocks");
            }
        }
    }
}
