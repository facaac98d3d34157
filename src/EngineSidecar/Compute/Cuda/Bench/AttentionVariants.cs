using Sluice.Engine.Compute.Cuda.Runtime;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Bench;

/// <summary>
/// Times the decode attention kernel's launch configurations (<see cref="CudaAttention.Variants"/> and the default) on
/// the Llama-3-8B shape (32 query heads, 8 KV heads, head dim 128, blocks of 16), one layer, at a served batch (100
/// sequences decoding at position 191) and at a long context (32 sequences at position 6999, where the positions are
/// split across CTAs). Reports microseconds per call, the KV bandwidth that implies, registers per thread and resident
/// CTAs per multiprocessor.
/// </summary>
public static class AttentionVariants
{
    private static readonly (int Sequences, int Position)[] Batches = [(100, 191), (32, 6999)];
    private const int BlockSize = 16;
    private const int Heads = 32;
    private const int KvHeads = 8;
    private const int HeadDim = 128;

    /// <summary>
    /// Adds "attention_b{sequences}_ctx{position + 1}_{kernel}_{microseconds|registers|ctas_per_sm|kv_bytes_per_second}"
    /// entries for each batch.
    /// </summary>
    public static void Add(BenchReport report, CudaBackend backend)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(backend);
        foreach (var (sequences, position) in Batches)
        {
            Add(report, backend, sequences, position);
        }
    }

    private static void Add(BenchReport report, CudaBackend backend, int sequences, int position)
    {
        var blocksPerSequence = (position + BlockSize) / BlockSize;
        var numBlocks = sequences * blocksPerSequence;
        using var cache = (CudaKvCache)backend.AllocateKvCache(1, numBlocks, BlockSize, KvHeads, HeadDim);
        var stream = backend.Device.Stream;
        foreach (var pointer in new[] { cache.Keys(0), cache.Values(0) })
        {
            // bf16 0.0078: finite, so the timing does not depend on NaN handling.
            Check(cuMemsetD16Async(pointer, 0x3c00, (nuint)(cache.LayerBytes / 2), stream), nameof(cuMemsetD16Async));
        }

        var chunks = Enumerable.Range(0, sequences)
            .Select(s => new ScheduledChunk(s, [0], position, Enumerable.Range(s * blocksPerSequence, blocksPerSequence).ToArray(), true))
            .ToList();
        var batch = StepBatchBuilder.Build(chunks, 1, int.MaxValue, numBlocks, BlockSize);
        var qkvCols = (Heads + (2 * KvHeads)) * HeadDim;
        using var qkv = (CudaActivation)backend.Allocate(sequences, qkvCols);
        using var output = (CudaActivation)backend.Allocate(sequences, Heads * HeadDim);
        var random = new Random(5);
        backend.Upload(qkv, Enumerable.Range(0, sequences * qkvCols).Select(_ => (2 * random.NextSingle()) - 1).ToArray());
        var shape = new AttentionShape(Heads, KvHeads, HeadDim, 1f / MathF.Sqrt(HeadDim), 0);
        var kvBytes = 2.0 * sequences * (position + 1) * KvHeads * HeadDim * sizeof(ushort);
        using var timer = new EventTimer();
        var candidates = CudaAttention.Variants.Prepend((CudaAttention.KernelName(Heads / KvHeads, HeadDim), 128u)).ToList();
        try
        {
            foreach (var (name, threads) in candidates)
            {
                backend.Attention.Variant = (name, threads);
                backend.PagedAttention(qkv, 0, cache, 0, shape, batch, output);
                var ms = Enumerable.Range(0, 7)
                    .Select(_ => timer.Time(stream, () =>
                    {
                        for (var i = 0; i < 10; i++)
                        {
                            backend.PagedAttention(qkv, 0, cache, 0, shape, batch, output);
                        }
                    }) / 10)
                    .Order().ElementAt(3);
                var (registers, ctas) = backend.Attention.Occupancy(name, threads);
                var key = $"attention_b{sequences}_ctx{position + 1}_{name}";
                report.Add($"{key}_microseconds", ms * 1e3);
                report.Add($"{key}_kv_bytes_per_second", kvBytes / (ms / 1e3));
                report.Add($"{key}_registers", registers);
                report.Add($"{key}_ctas_per_sm", ctas);
            }
        }
        finally
        {
            backend.Attention.Variant = null;
        }
    }
}
