using Sluice.Engine.Compute.Cpu;

using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>
/// Paged attention (with the KV write before it) against the CPU twin. Each case fills the cache for every
/// sequence's earlier positions through a shuffled block table (blocks out of order, unused blocks between
/// them), then runs one step of chunks: decode tokens, prefill chunks that start mid-sequence, or both.
/// </summary>
public static class AttentionCases
{
    /// <summary>Shapes covered: GQA ratios 1, 4, 7, 8; head dims 16–128 (70: rows not a multiple of the vector width); block sizes 16 and 5; windows; a 100-sequence decode batch; prefill chunks of several tiles, alone and beside decodes (the tensor-core kernel for head dims 64 and 128).</summary>
    public static IReadOnlyList<AttentionCase> All { get; } =
    [
        new(4, 4, 16, 16, [(0, 1), (36, 1), (299, 1)], 0),
        new(8, 2, 64, 16, [(0, 17), (40, 25)], 0),
        new(32, 8, 128, 16, [(1000, 1), (77, 1), (5, 1), (2047, 1)], 0),
        new(32, 4, 128, 5, [(130, 1), (0, 61), (64, 33)], 0),
        new(28, 4, 128, 16, [(513, 1), (31, 9)], 0),
        new(12, 12, 96, 16, [(200, 1), (0, 50)], 0),
        new(8, 1, 64, 16, [(300, 1), (120, 40)], 64),
        new(32, 8, 128, 16, [(4000, 1)], 0),
        new(32, 8, 128, 16, [.. Enumerable.Range(0, 100).Select(i => (((i * 37) % 300) + 1, 1))], 0),
        new(8, 2, 70, 16, [(90, 1), (3, 20)], 0),
        new(32, 8, 128, 16, [(0, 200), (300, 130), (77, 1)], 0),
        new(16, 2, 64, 16, [(0, 64), (500, 65)], 100),

        // fp8 e4m3 caches on both sides (identical bytes: the codec is bit-exact), per-layer scales other than 1 in some.
        new(4, 4, 16, 16, [(0, 1), (36, 1), (299, 1)], 0, KvCacheDtype.Fp8),
        new(32, 8, 128, 16, [(1000, 1), (77, 1), (5, 1), (2047, 1)], 0, KvCacheDtype.Fp8, 0.5f, 2f),
        new(32, 4, 128, 5, [(130, 1), (0, 61), (64, 33)], 0, KvCacheDtype.Fp8, 0.25f, 0.125f),
        new(8, 1, 64, 16, [(300, 1), (120, 40)], 64, KvCacheDtype.Fp8),
        new(8, 2, 70, 16, [(90, 1), (3, 20)], 0, KvCacheDtype.Fp8),
        new(32, 8, 128, 16, [(0, 200), (300, 130), (77, 1)], 0, KvCacheDtype.Fp8, 2f, 0.5f),
        new(32, 8, 128, 16, [.. Enumerable.Range(0, 100).Select(i => (((i * 37) % 300) + 1, 1))], 0, KvCacheDtype.Fp8),
    ];

    /// <summary>Runs one case on both backends and compares the attention outputs.</summary>
    public static CheckResult Run(TwinHarness h, AttentionCase c)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(c);
        var q = c.Heads * c.HeadDim;
        var kv = c.KvHeads * c.HeadDim;
        var ends = c.Chunks.Select(x => x.Start + x.Length).ToArray();
        var blocksPerSeq = ends.Select(e => (e + c.BlockSize - 1) / c.BlockSize).ToArray();
        var numBlocks = (2 * blocksPerSeq.Sum()) + 3;
        var free = Enumerable.Range(0, numBlocks).OrderBy(_ => h.Random.Next()).ToList();
        var tables = blocksPerSeq.Select(n =>
        {
            var table = free.Take(n).ToArray();
            free.RemoveRange(0, n + 1);
            return table;
        }).ToArray();

        using var cpuCache = CpuBackend.AllocateKvCache(2, numBlocks, c.BlockSize, c.KvHeads, c.HeadDim, c.Kv);
        using var gpuCache = h.Gpu.AllocateKvCache(2, numBlocks, c.BlockSize, c.KvHeads, c.HeadDim, c.Kv);
        const int layer = 1;
        foreach (var cache in new[] { cpuCache, gpuCache })
        {
            cache.KeyScales[layer] = c.KeyScale;
            cache.ValueScales[layer] = c.ValueScale;
        }

        // Keys and values of every position, written through the block tables.
        var fill = StepBatchBuilder.Build(
            c.Chunks.Select((x, s) => new ScheduledChunk(s, new int[ends[s]], 0, tables[s], false)).ToList(), 1, int.MaxValue, numBlocks, c.BlockSize);
        var (fillCpu, fillGpu) = h.Activations(fill.NumTokens, q + (2 * kv), 2f);
        h.Cpu.WriteKv(fillCpu, q, q + kv, cpuCache, layer, fill);
        h.Gpu.WriteKv(fillGpu, q, q + kv, gpuCache, layer, fill);

        // The step itself: fresh queries for each chunk's tokens.
        var step = StepBatchBuilder.Build(
            c.Chunks.Select((x, s) => new ScheduledChunk(s, new int[x.Length], x.Start, tables[s], true)).ToList(), 1, int.MaxValue, numBlocks, c.BlockSize);
        var (qCpu, qGpu) = h.Activations(step.NumTokens, q + (2 * kv), 2f);
        var (oc, og) = h.Outputs(step.NumTokens, q);
        var shape = new AttentionShape(c.Heads, c.KvHeads, c.HeadDim, 1f / MathF.Sqrt(c.HeadDim), c.Window);
        h.Cpu.PagedAttention(qCpu, 0, cpuCache, layer, shape, step, oc);
        h.Gpu.PagedAttention(qGpu, 0, gpuCache, layer, shape, step, og);
        return new CheckResult($"paged_attention {c}", h.Error(oc, og), KernelChecks.Bf16Tolerance);
    }
}

/// <summary>
/// One attention check: head layout, block size, chunks (start position, tokens), sliding window (0 = none), the cache's
/// storage and (fp8) the layer's key and value scales.
/// </summary>
public sealed record AttentionCase(int Heads, int KvHeads, int HeadDim, int BlockSize, (int Start, int Length)[] Chunks, int Window,
    KvCacheDtype Kv = KvCacheDtype.Auto, float KeyScale = 1f, float ValueScale = 1f)
{
    public override string ToString() =>
        $"heads={Heads}/{KvHeads} d={HeadDim} bs={BlockSize} chunks={string.Join(",", Chunks.Select(x => $"{x.Start}+{x.Length}"))}{(Window > 0 ? $" window={Window}" : string.Empty)}" +
        (Kv == KvCacheDtype.Fp8 ? $" kv=fp8 scales={KeyScale}/{ValueScale}" : string.Empty);
}
