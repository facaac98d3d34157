namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Splits a step's tokens between the two attention kernels: every run of two or more consecutive tokens of one sequence
/// at consecutive positions (a prefill chunk) is cut into tiles of at most <see cref="TileRows"/> tokens for the
/// tensor-core prefill kernel; the remaining single tokens (decodes) go to the paged decode kernel's token list.
/// </summary>
public static class PrefillTiling
{
    /// <summary>Query rows per prefill tile (prefill_attention.cu's PREFILL_ROWS).</summary>
    public const int TileRows = 64;

    /// <summary>
    /// Tiles as (first token, tokens) pairs flattened into one array, and the indices of the tokens left to the decode
    /// kernel, both in token order. With no run of two or more tokens both are empty: every token is a decode.
    /// </summary>
    public static (int[] Tiles, int[] DecodeTokens) Split(StepBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tiles = new List<int>();
        var decodes = new List<int>();
        var t = 0;
        while (t < batch.NumTokens)
        {
            var end = t + 1;
            while (end < batch.NumTokens && batch.TokenSequence[end] == batch.TokenSequence[t] && batch.Positions[end] == batch.Positions[end - 1] + 1)
            {
                end++;
            }

            if (end - t == 1)
            {
                decodes.Add(t);
            }
            else
            {
                for (var first = t; first < end; first += TileRows)
                {
                    tiles.Add(first);
                    tiles.Add(Math.Min(TileRows, end - first));
                }
            }

            t = end;
        }

        return tiles.Count == 0 ? ([], []) : (tiles.ToArray(), decodes.ToArray());
    }
}
