using System.Buffers;
using System.Numerics.Tensors;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>The heavy CPU loops: matmul against a weight and paged attention.</summary>
public static class CpuKernels
{
    /// <summary>Weight rows a matmul processes together (their fp32 form stays in cache across token rows).</summary>
    private const int RowTile = 16;

    /// <summary>
    /// y[t, c + n] = Σ_k x[t, k] · w[n, k]. x: [T, K]; w: [N, K]; y: [T, ≥ c + N].
    /// Each weight row is read (and widened, if not fp32) once and dotted with every token row.
    /// </summary>
    public static void MatMul(CpuParallel parallel, CpuActivation x, CpuWeightMatrix w, CpuActivation y, int yColumnOffset)
    {
        int tokens = x.Rows, k = x.Cols, n = w.Rows;
        if (w.Cols != k || yColumnOffset + n > y.Cols || y.Rows != tokens)
        {
            throw new ArgumentException($"matmul shapes: x [{tokens}, {k}], w '{w.Name}' [{n}, {w.Cols}], y [{y.Rows}, {y.Cols}] at column {yColumnOffset}");
        }

        var xData = x.Data;
        var yData = y.Data;
        var yCols = y.Cols;
        parallel.For(n, (long)k * tokens, (start, end) =>
        {
            // Tiles of weight rows stay in cache while every token row is dotted with them.
            var scratch = w.Dtype == WeightDtype.F32 ? null : ArrayPool<float>.Shared.Rent(RowTile * k);
            try
            {
                for (var tileStart = start; tileStart < end; tileStart += RowTile)
                {
                    var tileRows = Math.Min(RowTile, end - tileStart);
                    if (scratch is not null)
                    {
                        for (var r = 0; r < tileRows; r++)
                        {
                            w.ReadRow(tileStart + r, scratch.AsSpan(r * k, k));
                        }
                    }

                    for (var t = 0; t < tokens; t++)
                    {
                        var xRow = xData.AsSpan(t * k, k);
                        var yRow = yData.AsSpan((t * yCols) + yColumnOffset + tileStart, tileRows);
                        for (var r = 0; r < tileRows; r++)
                        {
                            var weights = scratch is null ? w.Fp32Row(tileStart + r) : scratch.AsSpan(r * k, k);
                            yRow[r] = TensorPrimitives.Dot(xRow, weights);
                        }
                    }
                }
            }
            finally
            {
                if (scratch is not null)
                {
                    ArrayPool<float>.Shared.Return(scratch);
                }
            }
        });
    }

    /// <summary>See <see cref="IComputeBackend.PagedAttention"/>; one work item per (token, head).</summary>
    public static void PagedAttention(
        CpuParallel parallel, CpuActivation qkv, int qColumnOffset, CpuKvCache cache, int layer, AttentionShape shape, StepBatch batch, CpuActivation output)
    {
        int heads = shape.NumHeads, headDim = shape.HeadDim, blockSize = cache.BlockSize, window = shape.SlidingWindow;
        var maxContext = batch.Positions.Length == 0 ? 0 : batch.Positions.Max() + 1;
        parallel.For(batch.NumTokens * heads, (long)maxContext * headDim * 2, (start, end) =>
        {
            var scores = ArrayPool<float>.Shared.Rent(Math.Max(1, maxContext));
            var decoded = ArrayPool<float>.Shared.Rent(headDim);
            try
            {
                for (var item = start; item < end; item++)
                {
                    int t = item / heads, h = item % heads, g = h / shape.GroupSize;
                    int position = batch.Positions[t], sequence = batch.TokenSequence[t];
                    var first = window > 0 ? Math.Max(0, position - window + 1) : 0;
                    var count = position - first + 1;
                    var q = qkv.Data.AsSpan((t * qkv.Cols) + qColumnOffset + (h * headDim), headDim);
                    var table = batch.BlockTables.AsSpan(sequence * batch.MaxBlocksPerSequence, batch.MaxBlocksPerSequence);
                    var s = scores.AsSpan(0, count);
                    for (var j = 0; j < count; j++)
                    {
                        var slot = Slot(table, first + j, blockSize);
                        s[j] = TensorPrimitives.Dot(q, cache.Read(true, layer, slot, g * headDim, headDim, decoded)) * shape.Scale;
                    }

                    TensorPrimitives.SoftMax(s, s);
                    var o = output.Data.AsSpan((t * output.Cols) + (h * headDim), headDim);
                    o.Clear();
                    for (var j = 0; j < count; j++)
                    {
                        var slot = Slot(table, first + j, blockSize);
                        TensorPrimitives.MultiplyAdd(cache.Read(false, layer, slot, g * headDim, headDim, decoded), s[j], o, o);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
                ArrayPool<float>.Shared.Return(decoded);
            }
        });
    }

    private static int Slot(ReadOnlySpan<int> blockTable, int position, int blockSize) =>
        (blockTable[position / blockSize] * blockSize) + (position % blockSize);
}
