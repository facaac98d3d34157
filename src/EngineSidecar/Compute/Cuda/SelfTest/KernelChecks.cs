using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Dummy;

namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>
/// Each CUDA kernel against its CPU twin on random inputs of several shapes (sizes that are not multiples of
/// the block size, GQA ratios 1/4/7/8, block tables with holes, sliding windows, chunked prefill).
/// </summary>
public static class KernelChecks
{
    /// <summary>bf16 storage rounds to 2⁻⁹ relative; outputs computed in fp32 from the same inputs stay within this.</summary>
    public const double Bf16Tolerance = 2e-2;

    /// <summary>Every check by name; run each with a fresh <see cref="TwinHarness"/>.</summary>
    public static IReadOnlyDictionary<string, Func<TwinHarness, CheckResult>> All { get; } = Build();

    private static Dictionary<string, Func<TwinHarness, CheckResult>> Build()
    {
        var checks = new Dictionary<string, Func<TwinHarness, CheckResult>>(StringComparer.Ordinal);
        void Add(string name, Func<TwinHarness, CheckResult> check) => checks[name] = check;
        foreach (var (t, hidden) in new[] { (1, 64), (7, 100), (33, 4096) })
        {
            Add($"embedding T={t} hidden={hidden}", h => Embedding(h, t, hidden));
            Add($"rms_norm T={t} hidden={hidden}", h => RmsNorm(h, t, hidden, fused: false));
            Add($"add_rms_norm T={t} hidden={hidden}", h => RmsNorm(h, t, hidden, fused: true));
            Add($"gather_rows T={t} cols={hidden}", h => Gather(h, t, hidden));
        }

        foreach (var (t, k, n, offset) in new[] { (1, 64, 96, 0), (7, 100, 300, 4), (33, 4096, 1024, 0), (130, 512, 2000, 24), (5, 4096, 14336, 0) })
        {
            Add($"matmul T={t} K={k} N={n} offset={offset}", h => MatMul(h, t, k, n, offset));
        }

        Add("add_bias T=9 N=200 offset=8", h => AddBias(h, 9, 200, 8));
        foreach (var (t, inter) in new[] { (1, 128), (6, 1000), (3, 14336) })
        {
            Add($"silu_and_mul T={t} inter={inter}", h => SiluAndMul(h, t, inter));
        }

        Add("rope llama3 head=128 heads=32", h => Rope(h, DummyPresets.Get("dummy://llama-3-8b").Rope, 128, 32, 11));
        Add("rope default head=16 heads=3", h => Rope(h, new RopeConfig(10000, 1f), 16, 3, 5));
        Add("rope partial head=96 heads=4", h => Rope(h, new RopeConfig(10000, 0.5f), 96, 4, 7));
        foreach (var c in AttentionCases.All)
        {
            Add($"paged_attention {c}", h => AttentionCases.Run(h, c));
        }

        foreach (var (name, check) in QuantChecks.All())
        {
            Add(name, check);
        }

        foreach (var (name, check) in LoadChecks.All())
        {
            Add(name, check);
        }

        Add("sample argmax rows=5 vocab=32000", h => SamplingChecks.Argmax(h, 5, 32000));
        Add("sample gumbel distribution", SamplingChecks.GumbelDistribution);
        Add("sample masked rows=5 vocab=32000", h => SamplingChecks.MaskedArgmax(h, 5, 32000));
        Add("sample masked rows=9 vocab=1000", h => SamplingChecks.MaskedArgmax(h, 9, 1000));
        Add("sample masked gumbel distribution", SamplingChecks.MaskedGumbelDistribution);
        return checks;
    }

    private static CheckResult Embedding(TwinHarness h, int tokens, int hidden)
    {
        const int vocab = 1000;
        var (wc, wg) = h.Weights("embed", vocab, hidden, 1f);
        var (oc, og) = h.Outputs(tokens, hidden);
        var ids = Enumerable.Range(0, tokens).Select(_ => h.Random.Next(vocab)).ToArray();
        var batch = Batch(ids);
        h.Cpu.Embedding(wc, batch, oc);
        h.Gpu.Embedding(wg, batch, og);
        return new CheckResult($"embedding T={tokens} hidden={hidden}", h.Error(oc, og), 0);
    }

    private static CheckResult RmsNorm(TwinHarness h, int tokens, int hidden, bool fused)
    {
        var (xc, xg) = h.Activations(tokens, hidden, 3f);
        var (rc, rg) = h.Activations(tokens, hidden, 3f);
        var (wc, wg) = h.Weights("norm", 1, hidden, 0.1f, 1f);
        var (oc, og) = h.Outputs(tokens, hidden);
        if (fused)
        {
            h.Cpu.AddRmsNorm(xc, rc, wc, 1e-5f, oc);
            h.Gpu.AddRmsNorm(xg, rg, wg, 1e-5f, og);
            var residualError = h.Error(rc, rg);
            return new CheckResult($"add_rms_norm T={tokens} hidden={hidden}", Math.Max(residualError, h.Error(oc, og)), Bf16Tolerance);
        }

        h.Cpu.RmsNorm(xc, wc, 1e-5f, oc);
        h.Gpu.RmsNorm(xg, wg, 1e-5f, og);
        return new CheckResult($"rms_norm T={tokens} hidden={hidden}", h.Error(oc, og), Bf16Tolerance);
    }

    private static CheckResult Gather(TwinHarness h, int tokens, int cols)
    {
        var (xc, xg) = h.Activations(tokens, cols);
        var rows = Enumerable.Range(0, Math.Max(1, tokens / 2)).Select(_ => h.Random.Next(tokens)).ToArray();
        var (oc, og) = h.Outputs(rows.Length, cols);
        h.Cpu.GatherRows(xc, rows, oc);
        h.Gpu.GatherRows(xg, rows, og);
        return new CheckResult($"gather_rows T={tokens} cols={cols}", h.Error(oc, og), 0);
    }

    private static CheckResult MatMul(TwinHarness h, int tokens, int k, int n, int offset)
    {
        var (xc, xg) = h.Activations(tokens, k);
        var (wc, wg) = h.Weights("w", n, k, MathF.Sqrt(3f / k));
        var (oc, og) = h.Outputs(tokens, n + offset);
        h.Cpu.MatMul(xc, wc, oc, offset);
        h.Gpu.MatMul(xg, wg, og, offset);
        var (error, detail) = h.OffsetOutputError(oc, og, tokens, n, offset);
        return new CheckResult($"matmul T={tokens} K={k} N={n} offset={offset}", error, Bf16Tolerance, detail);
    }

    private static CheckResult AddBias(TwinHarness h, int tokens, int n, int offset)
    {
        var (yc, yg) = h.Activations(tokens, n + offset + 5);
        var (bc, bg) = h.Weights("bias", 1, n, 0.5f);
        h.Cpu.AddBias(yc, bc, offset);
        h.Gpu.AddBias(yg, bg, offset);
        return new CheckResult($"add_bias T={tokens} N={n} offset={offset}", h.Error(yc, yg), Bf16Tolerance);
    }

    private static CheckResult SiluAndMul(TwinHarness h, int tokens, int inter)
    {
        var (gc, gg) = h.Activations(tokens, 2 * inter, 4f);
        var (oc, og) = h.Outputs(tokens, inter);
        h.Cpu.SiluAndMul(gc, oc);
        h.Gpu.SiluAndMul(gg, og);
        return new CheckResult($"silu_and_mul T={tokens} inter={inter}", h.Error(oc, og), Bf16Tolerance);
    }

    private static CheckResult Rope(TwinHarness h, RopeConfig config, int headDim, int heads, int tokens)
    {
        var rope = new RotaryEmbedding(config, headDim);
        var cols = (heads + 2) * headDim;
        var (xc, xg) = h.Activations(tokens, cols);
        var positions = Enumerable.Range(0, tokens).Select(_ => h.Random.Next(8192)).ToArray();
        var batch = new StepBatch(new int[tokens], positions, new int[tokens], new int[tokens], [0], 1, []);
        h.Cpu.Rope(xc, headDim, heads, rope, batch);
        h.Gpu.Rope(xg, headDim, heads, rope, batch);
        return new CheckResult($"rope head={headDim} heads={heads} rotary={rope.RotaryDim}", h.Error(xc, xg), Bf16Tolerance);
    }

    /// <summary>A one-sequence step whose token rows carry <paramref name="ids"/>.</summary>
    private static StepBatch Batch(int[] ids) =>
        new(ids, new int[ids.Length], new int[ids.Length], new int[ids.Length], [0], 1, []);
}
