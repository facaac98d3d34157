using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model.Quantization;
using static Sluice.Engine.Compute.Cuda.Runtime.KernelArg;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Plans and launches paged attention: prefill chunks on the tensor-core kernel (prefill_attention.cu) in tiles of
/// <see cref="PrefillTiling.TileRows"/> tokens when one exists for the head dimension; decode tokens (or every token
/// otherwise) on the decode kernel (attention.cu) of the group size and head dimension, whose CTAs split each token's
/// visible positions (flash-decoding) when the batch alone would leave the GPU's multiprocessors idle; the splits are
/// merged by attention_combine.
/// </summary>
public sealed class CudaAttention(CudaModule module, CudaDevice device) : IDisposable
{
    /// <summary>Most splits of one token's positions.</summary>
    public const int MaxSplits = 64;

    /// <summary>Fewest positions a split gets.</summary>
    public const int MinPositionsPerSplit = 64;

    private const uint Threads = 128;
    private const uint PrefillThreads = 128;

    /// <summary>
    /// Alternative launch configurations of the 4-heads-per-group, head-dim-128 kernel (attention.cu's ATTENTION_VARIANT):
    /// name and threads per CTA. The benchmark times them against the default to justify its configuration.
    /// </summary>
    public static IReadOnlyList<(string Name, uint Threads)> Variants { get; } =
    [
        ("attention_variant_w4_u4_p0_r0_m1", 128), ("attention_variant_w4_u4_p0_r1_m1", 128), ("attention_variant_w4_u4_p1_r1_m1", 128),
        ("attention_variant_w4_u8_p0_r1_m1", 128), ("attention_variant_w2_u4_p0_r1_m1", 64),
        ("attention_variant_w8_u4_p0_r1_m1", 256), ("attention_variant_w8_u2_p0_r1_m1", 256),
    ];
    private static readonly int[] Groups = [1, 2, 4, 8, 16];
    private static readonly int[] DimsPerLane = [1, 2, 4, 8];

    private DeviceBuffer? _partial;

    /// <summary>
    /// Positions to plan the split count for when larger than the batch's own longest context: a captured graph
    /// replays with later, longer contexts, so it is planned for the longest it may see.
    /// </summary>
    public int ContextHint { get; set; }

    /// <summary>A kernel of <see cref="Variants"/> to launch instead of the default one (benchmarking only; null = default).</summary>
    public (string Name, uint Threads)? Variant { get; set; }

    /// <summary>Incremented whenever a scratch buffer is reallocated (captured graphs holding its address are stale).</summary>
    public int Generation { get; private set; }

    /// <summary>
    /// The tensor-core prefill kernel for a head dimension and cache type (prefill_attention.cu), or null when there is
    /// none (64 and 128 are covered).
    /// </summary>
    public static string? PrefillKernelName(int headDim, KvCacheDtype dtype = KvCacheDtype.Auto) =>
        headDim is 64 or 128 ? $"prefill_attention{Suffix(dtype)}_d{headDim}" : null;

    /// <summary>The kernel variant for a group size, head dimension and cache type; throws for shapes no variant covers.</summary>
    public static string KernelName(int groupSize, int headDim, KvCacheDtype dtype = KvCacheDtype.Auto)
    {
        var g = Groups.FirstOrDefault(x => x >= groupSize);
        var d = DimsPerLane.FirstOrDefault(x => x * 32 >= headDim);
        if (groupSize < 1 || headDim < 1 || g == 0 || d == 0 || (g == 16 && d == 8))
        {
            throw new ArgumentException($"paged attention supports query heads per KV head ≤ 16 and head dim ≤ 256 (≤ 128 above 8 heads per group); got {groupSize} and {headDim}");
        }

        return $"paged_attention{Suffix(dtype)}_g{g}_d{d}";
    }

    /// <summary>Splits per token for a batch: enough CTAs for two waves, each split at least <see cref="MinPositionsPerSplit"/> positions.</summary>
    public static int Splits(int tokens, int numKvHeads, int maxContext, int multiprocessors)
    {
        var ctas = Math.Max(1, tokens * numKvHeads);
        var wanted = ((2 * multiprocessors) + ctas - 1) / ctas;
        var byLength = Math.Max(1, (maxContext + MinPositionsPerSplit - 1) / MinPositionsPerSplit);
        return Math.Clamp(Math.Min(wanted, byLength), 1, MaxSplits);
    }

    /// <summary>Queues attention of every token of the uploaded step; see <see cref="IComputeBackend.PagedAttention"/>.</summary>
    public void Run(CudaActivation qkv, int qColumnOffset, CudaKvCache cache, int layer, AttentionShape shape, CudaStepData step, CudaActivation output)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var batch = step.Batch ?? throw new InvalidOperationException("no step uploaded");
        if (shape.NumKvHeads != cache.NumKvHeads || shape.HeadDim != cache.HeadDim || shape.NumHeads % shape.NumKvHeads != 0)
        {
            throw new ArgumentException($"attention shape {shape} does not match the cache ({cache.NumKvHeads} KV heads of {cache.HeadDim})");
        }

        if (qColumnOffset < 0 || qColumnOffset + (shape.NumHeads * shape.HeadDim) > qkv.Cols || output.Cols != shape.NumHeads * shape.HeadDim
            || (uint)layer >= (uint)cache.NumLayers)
        {
            throw new ArgumentException($"attention: q columns {qColumnOffset} + {shape.NumHeads}·{shape.HeadDim} of {qkv.Cols}, output {output.Cols}, layer {layer}");
        }

        if (batch.NumTokens == 0)
        {
            return;
        }

        // Prefill chunks run on tensor cores where a kernel exists for the head dimension; the rest (or everything) on the decode kernel.
        var prefill = step.NumPrefillTiles > 0 ? PrefillKernelName(shape.HeadDim, cache.Dtype) : null;
        var (kScale, vScale) = (cache.KeyScales[layer], cache.ValueScales[layer]);
        if (prefill is not null)
        {
            module.Launch(prefill, ((uint)step.NumPrefillTiles, (uint)shape.NumHeads, 1), PrefillThreads, device.Stream,
                Pointer(qkv.Pointer), Int(qkv.Cols), Int(qColumnOffset), Pointer(cache.Keys(layer)), Pointer(cache.Values(layer)),
                Float(kScale), Float(vScale),
                Pointer(step.Positions), Pointer(step.TokenSequence), Pointer(step.BlockTables), Int(batch.MaxBlocksPerSequence),
                Int(cache.BlockSize), Int(shape.NumKvHeads), Int(shape.GroupSize), Float(shape.Scale), Int(shape.SlidingWindow),
                Pointer(step.PrefillTiles), Pointer(output.Pointer), Pointer(output.Shadow.Pointer), Int(output.Cols));
        }

        var (tokens, tokenList) = prefill is null ? (batch.NumTokens, 0UL) : (step.NumDecodeTokens, step.DecodeTokens);
        if (tokens == 0)
        {
            return;
        }

        var context = Math.Max(step.MaxContext, ContextHint);
        var visible = shape.SlidingWindow > 0 ? Math.Min(shape.SlidingWindow, context) : context;
        var splits = Splits(tokens, shape.NumKvHeads, visible, device.MultiprocessorCount);
        ulong partial = 0;
        if (splits > 1)
        {
            var bytes = (long)tokens * shape.NumHeads * splits * (shape.HeadDim + 2) * sizeof(float);
            if (_partial is null || _partial.Bytes < bytes)
            {
                device.Synchronize();
                _partial?.Dispose();
                _partial = null;
                _partial = new DeviceBuffer(Math.Max(bytes, 1L << 20));
                Generation++;
            }

            partial = _partial.Pointer;
        }

        if (Variant is not null && cache.Dtype != KvCacheDtype.Auto)
        {
            throw new InvalidOperationException($"attention variants are bf16 kernels; the cache is {cache.Dtype}");
        }

        var (kernel, threads) = Variant ?? (KernelName(shape.GroupSize, shape.HeadDim, cache.Dtype), Threads);
        module.Launch(kernel, ((uint)tokens, (uint)shape.NumKvHeads, (uint)splits), threads, device.Stream,
            Pointer(qkv.Pointer), Int(qkv.Cols), Int(qColumnOffset), Pointer(cache.Keys(layer)), Pointer(cache.Values(layer)),
            Float(kScale), Float(vScale),
            Pointer(step.Positions), Pointer(step.TokenSequence), Pointer(step.BlockTables), Int(batch.MaxBlocksPerSequence),
            Int(cache.BlockSize), Int(shape.NumKvHeads), Int(shape.HeadDim), Int(shape.GroupSize), Float(shape.Scale),
            Int(shape.SlidingWindow), Int(splits), Pointer(tokenList), Pointer(output.Pointer), Pointer(output.Shadow.Pointer), Int(output.Cols), Pointer(partial));
        if (splits > 1)
        {
            module.Launch("attention_combine", ((uint)tokens, (uint)shape.NumHeads, 1), Threads, device.Stream,
                Pointer(partial), Int(splits), Int(shape.HeadDim), Pointer(tokenList), Pointer(output.Pointer), Pointer(output.Shadow.Pointer), Int(output.Cols));
        }
    }

    private static string Suffix(KvCacheDtype dtype) => dtype == KvCacheDtype.Fp8 ? "_fp8" : string.Empty;

    /// <summary>Registers per thread and most CTAs resident per multiprocessor of <paramref name="kernel"/> launched with <paramref name="threads"/>.</summary>
    public (int Registers, int CtasPerMultiprocessor) Occupancy(string kernel, uint threads)
    {
        var function = module.Function(kernel);
        Native.CudaDriver.Check(Native.CudaDriver.cuFuncGetAttribute(out var registers, 4, function), nameof(Native.CudaDriver.cuFuncGetAttribute));
        Native.CudaDriver.Check(Native.CudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor(out var ctas, function, (int)threads, 0), nameof(Native.CudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor));
        return (registers, ctas);
    }

    public void Dispose()
    {
        _partial?.Dispose();
        _partial = null;
    }
}
