using System.Numerics.Tensors;

namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>GPU token selection: greedy rows against the CPU argmax, sampled rows against the softmax distribution.</summary>
public static class SamplingChecks
{
    /// <summary>Temperature-0 rows select the (first) largest logit.</summary>
    public static CheckResult Argmax(TwinHarness h, int rows, int vocab)
    {
        ArgumentNullException.ThrowIfNull(h);
        var (lc, lg) = h.Activations(rows, vocab, 10f);
        var ids = h.Gpu.SampleTokens(lg, new float[rows], new ulong[rows]);
        var wrong = Enumerable.Range(0, rows).Count(r => ids[r] != TensorPrimitives.IndexOfMax(lc.Row(r)));
        return new CheckResult($"sample argmax rows={rows} vocab={vocab}", wrong, 0, $"{wrong} of {rows} rows differ");
    }

    /// <summary>
    /// 4000 rows of the same logits (probabilities 0.5, 0.3, 0.15, 0.05) sampled at temperature 1 with distinct seeds:
    /// the largest gap between observed and expected frequency (tolerance 0.03 ≈ 4 standard errors).
    /// </summary>
    public static CheckResult GumbelDistribution(TwinHarness h)
    {
        ArgumentNullException.ThrowIfNull(h);
        const int rows = 4000;
        double[] probabilities = [0.5, 0.3, 0.15, 0.05];
        var logits = new float[rows * probabilities.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < probabilities.Length; i++)
            {
                logits[(r * probabilities.Length) + i] = (float)Math.Log(probabilities[i]);
            }
        }

        using var x = (CudaActivation)h.Gpu.Allocate(rows, probabilities.Length);
        h.Gpu.Upload(x, logits);
        var seeds = Enumerable.Range(0, rows).Select(r => (ulong)r * 7919UL).ToArray();
        var ids = h.Gpu.SampleTokens(x, Enumerable.Repeat(1f, rows).ToArray(), seeds);
        var again = h.Gpu.SampleTokens(x, Enumerable.Repeat(1f, rows).ToArray(), seeds);
        var gap = Enumerable.Range(0, probabilities.Length).Max(i => Math.Abs((ids.Count(id => id == i) / (double)rows) - probabilities[i]));
        var deterministic = ids.SequenceEqual(again);
        return new CheckResult("sample gumbel distribution", deterministic ? gap : double.PositiveInfinity, 0.03,
            deterministic ? string.Empty : "same seeds gave different tokens");
    }

    /// <summary>
    /// Rows with bitmasks (about one token in eight allowed; row 0 unmasked): temperature-0 rows select the largest allowed
    /// logit, as the CPU twin (<see cref="TokenMasks.Allows"/> then argmax) does; temperature-1 rows never select a masked id.
    /// </summary>
    public static CheckResult MaskedArgmax(TwinHarness h, int rows, int vocab)
    {
        ArgumentNullException.ThrowIfNull(h);
        var (lc, lg) = h.Activations(rows, vocab, 10f);
        var masks = RandomMasks(rows, vocab, new Random(rows * 31 + vocab));
        var greedy = h.Gpu.SampleTokens(lg, new float[rows], new ulong[rows], masks);
        var sampled = h.Gpu.SampleTokens(lg, Enumerable.Repeat(1f, rows).ToArray(), Enumerable.Range(0, rows).Select(r => (ulong)r + 17).ToArray(), masks);
        var wrong = 0;
        for (var r = 0; r < rows; r++)
        {
            var row = lc.Row(r).ToArray();
            for (var id = 0; id < vocab; id++)
            {
                if (!masks.Allows(r, id))
                {
                    row[id] = float.NegativeInfinity;
                }
            }

            wrong += greedy[r] != TensorPrimitives.IndexOfMax(row) ? 1 : 0;
            wrong += masks.Allows(r, sampled[r]) ? 0 : 1;
        }

        return new CheckResult($"sample masked rows={rows} vocab={vocab}", wrong, 0, $"{wrong} of {2 * rows} selections differ from the twin or pick a masked id");
    }

    /// <summary>
    /// The distribution test of <see cref="GumbelDistribution"/> with token 0 (probability 0.5) masked out: the others must
    /// come out renormalized (0.6, 0.3, 0.1), token 0 never.
    /// </summary>
    public static CheckResult MaskedGumbelDistribution(TwinHarness h)
    {
        ArgumentNullException.ThrowIfNull(h);
        const int rows = 4000;
        double[] probabilities = [0.5, 0.3, 0.15, 0.05];
        double[] expected = [0, 0.6, 0.3, 0.1];
        var logits = new float[rows * probabilities.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < probabilities.Length; i++)
            {
                logits[(r * probabilities.Length) + i] = (float)Math.Log(probabilities[i]);
            }
        }

        using var x = (CudaActivation)h.Gpu.Allocate(rows, probabilities.Length);
        h.Gpu.Upload(x, logits);
        var masks = new TokenMasks(new int[rows], [0b1110u], 1); // every row uses mask 0: ids 1, 2, 3
        var seeds = Enumerable.Range(0, rows).Select(r => (ulong)r * 7919UL).ToArray();
        var ids = h.Gpu.SampleTokens(x, Enumerable.Repeat(1f, rows).ToArray(), seeds, masks);
        var gap = Enumerable.Range(0, probabilities.Length).Max(i => Math.Abs((ids.Count(id => id == i) / (double)rows) - expected[i]));
        return new CheckResult("sample masked gumbel distribution", ids.Contains(0) ? double.PositiveInfinity : gap, 0.03,
            ids.Contains(0) ? "a masked id was sampled" : string.Empty);
    }

    private static TokenMasks RandomMasks(int rows, int vocab, Random random)
    {
        var wordsPerRow = TokenMasks.MaskWordsFor(vocab);
        var words = new uint[rows * wordsPerRow];
        var rowMasks = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            rowMasks[r] = r == 0 ? -1 : r;
            for (var w = 0; w < wordsPerRow; w++)
            {
                words[(r * wordsPerRow) + w] = (uint)random.Next() & (uint)random.Next() & (uint)random.Next();
            }

            var always = random.Next(vocab);
            words[(r * wordsPerRow) + (always >> 5)] |= 1u << (always & 31);
        }

        return new TokenMasks(rowMasks, words, wordsPerRow);
    }
}
