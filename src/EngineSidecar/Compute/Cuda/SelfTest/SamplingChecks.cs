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
}
