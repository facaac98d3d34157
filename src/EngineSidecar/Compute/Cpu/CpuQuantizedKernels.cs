using System.Buffers;
using System.Numerics.Tensors;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>
/// The CPU reference of the quantized matmuls (the CUDA kernels of quant.cu are checked against it):
/// fp8 W8A8 y[t, n] = s_x[t] · s_w[n] · Σ_k e4m3(x[t, k] / s_x[t]) · w_q[n, k] with s_x[t] = max_k |x[t, k]| / 448
/// (1 for a zero row) or the static input scale; int8 y[t, n] = s_w[n] · Σ_k x[t, k] · q[n, k]; int4 y[t, n] =
/// Σ_k x[t, perm[k]] · (q[n, k] − z[n, k/128]) · s[n, k/128]. All sums in fp32.
/// </summary>
public static class CpuQuantizedKernels
{
    private const int RowTile = 16;

    /// <summary>
    /// Per-token fp8 activation quantization: values[t, k] = e4m3 value of x[t, k] / scales[t] (saturated at ±448).
    /// x: [T, K]; values: [T, K]; scales: [T]. <paramref name="staticScale"/> replaces the per-token scale when set.
    /// </summary>
    public static void QuantizeFp8Rows(ReadOnlySpan<float> x, int tokens, int k, float? staticScale, Span<float> values, Span<float> scales)
    {
        for (var t = 0; t < tokens; t++)
        {
            var row = x.Slice(t * k, k);
            var amax = MathF.Abs(TensorPrimitives.MaxMagnitude(row));
            var scale = staticScale ?? (amax > 0 ? amax / Fp8E4M3.MaxValue : 1f);
            scales[t] = scale;
            var output = values.Slice(t * k, k);
            for (var c = 0; c < k; c++)
            {
                output[c] = Fp8E4M3.Decode(Fp8E4M3.Encode(row[c] / scale));
            }
        }
    }

    /// <summary>y[t, c + n] = the quantized product above. x: [T, K]; w: [N, K]; y: [T, ≥ c + N] at column offset c.</summary>
    public static void MatMul(CpuParallel parallel, CpuActivation x, CpuQuantizedMatrix w, CpuActivation y, int yColumnOffset)
    {
        int tokens = x.Rows, k = x.Cols, n = w.Rows;
        if (w.Cols != k || yColumnOffset + n > y.Cols || y.Rows != tokens)
        {
            throw new ArgumentException($"matmul shapes: x [{tokens}, {k}], w '{w.Name}' [{n}, {w.Cols}], y [{y.Rows}, {y.Cols}] at column {yColumnOffset}");
        }

        var tensor = w.Tensor;
        var input = Input(x, tensor, out var tokenScales);
        var yData = y.Data;
        var yCols = y.Cols;
        parallel.For(n, (long)k * tokens, (start, end) =>
        {
            var scratch = ArrayPool<float>.Shared.Rent(RowTile * k);
            try
            {
                for (var tileStart = start; tileStart < end; tileStart += RowTile)
                {
                    var tileRows = Math.Min(RowTile, end - tileStart);
                    for (var r = 0; r < tileRows; r++)
                    {
                        w.ReadRow(tileStart + r, scratch.AsSpan(r * k, k));
                    }

                    for (var t = 0; t < tokens; t++)
                    {
                        var xRow = input.AsSpan(t * k, k);
                        var yRow = yData.AsSpan((t * yCols) + yColumnOffset + tileStart, tileRows);
                        for (var r = 0; r < tileRows; r++)
                        {
                            var dot = TensorPrimitives.Dot(xRow, scratch.AsSpan(r * k, k));
                            yRow[r] = tensor.Kind switch
                            {
                                QuantizedKind.Fp8 => dot * (tokenScales![t] * tensor.Scales[tileStart + r]),
                                QuantizedKind.Int8 => dot * tensor.Scales[tileStart + r],
                                _ => dot,
                            };
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        });
    }

    // The matmul's input [T, K]: fp8-quantized values, the act-order permutation of x, or x itself.
    private static float[] Input(CpuActivation x, QuantizedTensor tensor, out float[]? tokenScales)
    {
        int tokens = x.Rows, k = x.Cols;
        tokenScales = null;
        if (tensor.Kind == QuantizedKind.Fp8)
        {
            var values = new float[tokens * k];
            tokenScales = new float[tokens];
            QuantizeFp8Rows(x.Data.AsSpan(0, tokens * k), tokens, k, tensor.InputScale, values, tokenScales);
            return values;
        }

        if (tensor.Permutation is not { } perm)
        {
            return x.Data;
        }

        var permuted = new float[tokens * k];
        for (var t = 0; t < tokens; t++)
        {
            for (var c = 0; c < k; c++)
            {
                permuted[(t * k) + c] = x.Data[(t * k) + perm[c]];
            }
        }

        return permuted;
    }
}
