using System.Numerics.Tensors;

namespace Sluice.Engine.Compute;

/// <summary>Greedy decoding of one sequence on a runner, for checks and command-line use.</summary>
public static class GreedyGenerator
{
    /// <summary>
    /// Allocates a cache for the prompt plus <paramref name="maxNewTokens"/> (replacing the runner's cache), prefills
    /// <paramref name="promptIds"/> in chunks of at most <paramref name="prefillChunkTokens"/>, then appends the argmax
    /// token until <paramref name="maxNewTokens"/> tokens or a token in <paramref name="stopIds"/> (included).
    /// </summary>
    public static int[] Generate(IModelRunner runner, int[] promptIds, int maxNewTokens, IReadOnlyCollection<int>? stopIds = null,
        int blockSize = 16, int prefillChunkTokens = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(prefillChunkTokens);
        if (promptIds.Length == 0)
        {
            throw new ArgumentException("prompt has no tokens", nameof(promptIds));
        }

        var total = promptIds.Length + maxNewTokens;
        var numBlocks = (total + blockSize - 1) / blockSize;
        runner.AllocateKvCache(numBlocks, blockSize);
        var blockTable = Enumerable.Range(0, numBlocks).ToArray();
        float[] logits = [];
        for (var start = 0; start < promptIds.Length; start += prefillChunkTokens)
        {
            var count = Math.Min(prefillChunkTokens, promptIds.Length - start);
            var last = start + count == promptIds.Length;
            logits = runner.Forward([new ScheduledChunk(0, promptIds[start..(start + count)], start, blockTable, last)]);
        }

        var output = new List<int>();
        while (output.Count < maxNewTokens)
        {
            var next = TensorPrimitives.IndexOfMax(logits);
            output.Add(next);
            if (output.Count == maxNewTokens || (stopIds?.Contains(next) ?? false))
            {
                break;
            }

            logits = runner.Forward([new ScheduledChunk(0, [next], promptIds.Length + output.Count - 1, blockTable, true)]);
        }

        return [.. output];
    }
}
