using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>
/// The reference backend: fp32 compute with TensorPrimitives and parallel loops. bf16/fp16 weights are
/// widened to fp32 on load (within <see cref="CpuRunnerOptions.MaxConvertedWeightBytes"/> under Auto) or
/// row by row as matmuls read them; fp32 weights are read in place from the mapped file.
/// </summary>
public sealed unsafe class CpuBackend(CpuRunnerOptions options) : IComputeBackend, IVocabShardEmbedding
{
    private readonly CpuParallel _parallel = new(options.MaxThreads);
    private long _convertedBytes;

    public string Name => "cpu";

    public int KvElementBytes => CpuKvCache.ElementBytes(options.KvCacheDtype);

    public WeightMatrix LoadWeight(TensorView source)
    {
        if (source.Shape.Length is < 1 or > 2 || source.Shape.Any(d => d <= 0 || d > int.MaxValue))
        {
            throw new ArgumentException($"{source.File}: tensor '{source.Name}' shape [{string.Join(", ", source.Shape)}] is not a vector or matrix");
        }

        var rows = source.Shape.Length == 1 ? 1 : (int)source.Shape[0];
        var cols = (int)source.Shape[^1];
        var fp32Bytes = (long)rows * cols * sizeof(float);
        var convert = source.Dtype != WeightDtype.F32 && (rows == 1 || options.WeightConversion switch
        {
            CpuWeightConversion.OnLoad => true,
            CpuWeightConversion.OnTheFly => false,
            _ => _convertedBytes + fp32Bytes <= options.MaxConvertedWeightBytes,
        });
        if (!convert)
        {
            return new CpuWeightMatrix(source.Name, rows, cols, source.Dtype, source.Data, owned: false);
        }

        _convertedBytes += fp32Bytes;
        var data = (float*)NativeMemory.AlignedAlloc((nuint)fp32Bytes, 64);
        var elementBytes = source.Dtype.SizeBytes();
        _parallel.For(rows, cols, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                FloatConversion.ToSingle(source.Dtype, (byte*)source.Data + ((long)r * cols * elementBytes), new Span<float>(data + ((long)r * cols), cols));
            }
        });
        return new CpuWeightMatrix(source.Name, rows, cols, WeightDtype.F32, (nint)data, owned: true);
    }

    /// <summary>
    /// Generates the tensor into native memory in its <see cref="GeneratedTensor.Dtype"/> with the CPU twin of the GPU fill
    /// (<see cref="DummyRandom.Fill"/>), then holds it like <see cref="LoadWeight"/> would: widened to fp32 (the generated
    /// bytes freed) or kept as generated, owned by the matrix.
    /// </summary>
    public WeightMatrix GenerateWeight(GeneratedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var data = (nint)NativeMemory.AlignedAlloc((nuint)(tensor.ElementCount * tensor.Dtype.SizeBytes()), 64);
        try
        {
            DummyRandom.Fill(tensor.Fill, tensor.ElementCount, tensor.Dtype, data);
            var loaded = LoadWeight(new TensorView(tensor.Name, tensor.Dtype, tensor.Shape, data, "generated"));
            if (loaded.HoldsCopy)
            {
                NativeMemory.AlignedFree((void*)data);
                return loaded;
            }

            loaded.Dispose();
            return new CpuWeightMatrix(loaded.Name, loaded.Rows, loaded.Cols, tensor.Dtype, data, owned: true);
        }
        catch
        {
            NativeMemory.AlignedFree((void*)data);
            throw;
        }
    }

    public WeightMatrix LoadQuantizedWeight(QuantizedTensor tensor) => new CpuQuantizedMatrix(tensor.Validated());

    /// <summary>Generates on the host (<see cref="DummyQuantizedWeights.Materialize"/>) and keeps that array as the weight.</summary>
    public WeightMatrix GenerateQuantizedWeight(GeneratedQuantizedTensor tensor) => LoadQuantizedWeight(DummyQuantizedWeights.Materialize(tensor));

    public Activation Allocate(int capacityRows, int cols) => new CpuActivation(capacityRows, cols);

    public PagedKvCache AllocateKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim) =>
        AllocateKvCache(numLayers, numBlocks, blockSize, numKvHeads, headDim, options.KvCacheDtype);

    /// <summary>A KV cache of <paramref name="dtype"/> rather than the backend's own (the CUDA self-test's twin).</summary>
    public static PagedKvCache AllocateKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim, KvCacheDtype dtype) =>
        new CpuKvCache(numLayers, numBlocks, blockSize, numKvHeads, headDim, dtype);

    public void BeginStep(StepBatch batch)
    {
        // Host memory: the ops read the batch's arrays directly.
    }

    public void Embedding(WeightMatrix table, StepBatch batch, Activation output)
    {
        var w = Weight(table);
        var o = Cpu(output);
        for (var t = 0; t < batch.NumTokens; t++)
        {
            CopyRow(w, batch.TokenIds[t], o.Row(t));
        }
    }

    public void EmbeddingShard(WeightMatrix table, int vocabStart, StepBatch batch, Activation output)
    {
        var w = Weight(table);
        var o = Cpu(output);
        for (var t = 0; t < batch.NumTokens; t++)
        {
            var id = batch.TokenIds[t] - vocabStart;
            if ((uint)id >= (uint)w.Rows)
            {
                o.Row(t).Clear();
                continue;
            }

            CopyRow(w, id, o.Row(t));
        }
    }

    /// <summary>Row <paramref name="id"/> of <paramref name="table"/> as floats in <paramref name="destination"/> (decoded there, or copied for f32).</summary>
    private static void CopyRow(CpuWeightMatrix table, int id, Span<float> destination)
    {
        var row = table.ReadRow(id, destination);
        if (table.Dtype == WeightDtype.F32)
        {
            row.CopyTo(destination);
        }
    }

    public void RmsNorm(Activation input, WeightMatrix weight, float eps, Activation output)
    {
        var x = Cpu(input);
        var o = Cpu(output);
        var w = Weight(weight);
        _parallel.For(x.Rows, x.Cols * 3, (start, end) =>
        {
            for (var t = start; t < end; t++)
            {
                NormalizeRow(x.Row(t), w.Fp32Row(0), eps, o.Row(t));
            }
        });
    }

    public void AddRmsNorm(Activation input, Activation residual, WeightMatrix weight, float eps, Activation output)
    {
        var x = Cpu(input);
        var r = Cpu(residual);
        var o = Cpu(output);
        var w = Weight(weight);
        _parallel.For(x.Rows, x.Cols * 4, (start, end) =>
        {
            for (var t = start; t < end; t++)
            {
                var res = r.Row(t);
                TensorPrimitives.Add(res, x.Row(t), res);
                NormalizeRow(res, w.Fp32Row(0), eps, o.Row(t));
            }
        });
    }

    public void MatMul(Activation x, WeightMatrix w, Activation y, int yColumnOffset)
    {
        if (w is CpuQuantizedMatrix quantized)
        {
            CpuQuantizedKernels.MatMul(_parallel, Cpu(x), quantized, Cpu(y), yColumnOffset);
            return;
        }

        CpuKernels.MatMul(_parallel, Cpu(x), Weight(w), Cpu(y), yColumnOffset);
    }

    public void AddBias(Activation y, WeightMatrix bias, int yColumnOffset)
    {
        var o = Cpu(y);
        var b = Weight(bias).Fp32Row(0);
        for (var t = 0; t < o.Rows; t++)
        {
            var row = o.Row(t).Slice(yColumnOffset, b.Length);
            TensorPrimitives.Add(row, b, row);
        }
    }

    public void Rope(Activation x, int columnOffset, int numHeads, RotaryEmbedding rope, StepBatch batch)
    {
        var data = Cpu(x);
        var half = rope.RotaryDim / 2;
        var invFreq = rope.InverseFrequencies;
        _parallel.For(batch.NumTokens, numHeads * rope.RotaryDim * 4L, (start, end) =>
        {
            Span<float> cos = stackalloc float[half];
            Span<float> sin = stackalloc float[half];
            for (var t = start; t < end; t++)
            {
                float position = batch.Positions[t];
                for (var i = 0; i < half; i++)
                {
                    // Same rounding as transformers: the fp32 product, then cos/sin of it.
                    var angle = invFreq[i] * position;
                    cos[i] = (float)Math.Cos(angle);
                    sin[i] = (float)Math.Sin(angle);
                }

                var row = data.Row(t);
                for (var h = 0; h < numHeads; h++)
                {
                    var head = row.Slice(columnOffset + (h * rope.HeadDim), rope.RotaryDim);
                    for (var i = 0; i < half; i++)
                    {
                        float x1 = head[i], x2 = head[i + half];
                        head[i] = (x1 * cos[i]) - (x2 * sin[i]);
                        head[i + half] = (x2 * cos[i]) + (x1 * sin[i]);
                    }
                }
            }
        });
    }

    public void WriteKv(Activation qkv, int kColumnOffset, int vColumnOffset, PagedKvCache cache, int layer, StepBatch batch)
    {
        var data = Cpu(qkv);
        var kv = Kv(cache);
        for (var t = 0; t < batch.NumTokens; t++)
        {
            var slot = batch.SlotMapping[t];
            kv.Write(true, layer, slot, data.Row(t).Slice(kColumnOffset, kv.SlotElements));
            kv.Write(false, layer, slot, data.Row(t).Slice(vColumnOffset, kv.SlotElements));
        }
    }

    public void PagedAttention(Activation qkv, int qColumnOffset, PagedKvCache cache, int layer, AttentionShape shape, StepBatch batch, Activation output) =>
        CpuKernels.PagedAttention(_parallel, Cpu(qkv), qColumnOffset, Kv(cache), layer, shape, batch, Cpu(output));

    public void SiluAndMul(Activation gateUp, Activation output)
    {
        var g = Cpu(gateUp);
        var o = Cpu(output);
        var inter = o.Cols;
        _parallel.For(g.Rows, inter * 8L, (start, end) =>
        {
            for (var t = start; t < end; t++)
            {
                var gate = g.Row(t)[..inter];
                var up = g.Row(t).Slice(inter, inter);
                var row = o.Row(t);
                TensorPrimitives.Sigmoid(gate, row);
                TensorPrimitives.Multiply(row, gate, row);
                TensorPrimitives.Multiply(row, up, row);
            }
        });
    }

    public void GatherRows(Activation input, IReadOnlyList<int> rows, Activation output)
    {
        var x = Cpu(input);
        var o = Cpu(output);
        for (var r = 0; r < rows.Count; r++)
        {
            x.Row(rows[r]).CopyTo(o.Row(r));
        }
    }

    public void CopyToHost(Activation input, Span<float> destination) =>
        Cpu(input).Data.AsSpan(0, input.Rows * input.Cols).CopyTo(destination);

    public void Dispose()
    {
    }

    private static void NormalizeRow(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> output)
    {
        var meanSquare = TensorPrimitives.SumOfSquares(x) / x.Length;
        var scale = 1f / MathF.Sqrt(meanSquare + eps);
        TensorPrimitives.Multiply(x, scale, output);
        TensorPrimitives.Multiply(output, weight, output);
    }

    private static CpuActivation Cpu(Activation a) =>
        a as CpuActivation ?? throw new ArgumentException($"activation of type {a.GetType().Name} does not belong to the CPU backend");

    private static CpuWeightMatrix Weight(WeightMatrix w) =>
        w as CpuWeightMatrix ?? throw new ArgumentException($"weight '{w.Name}' does not belong to the CPU backend");

    private static CpuKvCache Kv(PagedKvCache c) =>
        c as CpuKvCache ?? throw new ArgumentException("KV cache does not belong to the CPU backend");
}
