using Sluice.Engine.Compute.Cuda.Native;
using Sluice.Engine.Model.Quantization;
using static Sluice.Engine.Compute.Cuda.Runtime.KernelArg;

namespace Sluice.Engine.Compute.Cuda;

// Quantized linear weights: loading and the matmul paths of quant.cu (see CpuQuantizedKernels for the reference).
public sealed unsafe partial class CudaBackend
{
    /// <summary>Token rows up to which quantized matmuls run the register-dequantizing GEMV kernels.</summary>
    public const int QuantizedGemvMaxRows = 8;

    // Output rows per GEMV CTA: QG_WARPS (8) warps × QG_ROWS (4) rows of quant.cu.
    private const uint GemvRowsPerBlock = 32;

    private readonly CudaQuantScratch _quant = new();
    private readonly HashSet<(int N, int K, int Tokens, int Ldy, ulong YAlignment)> _fp8GemmMissing = [];
    private bool? _fp8GemmUsed;

    /// <summary>
    /// Whether the latest fp8 GEMM of more than <see cref="QuantizedGemvMaxRows"/> rows ran on cuBLASLt's fp8 tensor cores
    /// (null until one ran); false when cuBLASLt had no fp8 kernel for that shape and the bf16 GEMM computed it.
    /// </summary>
    public bool? Fp8TensorCoreGemm => _fp8GemmUsed;

    /// <summary>
    /// Uploads <paramref name="tensor"/>. fp8 needs compute capability 8.9 or newer (<see cref="NotSupportedException"/>
    /// otherwise). Reserves the bf16 scratch the dequantize-then-GEMM path of int8/int4 needs for this shape.
    /// </summary>
    public WeightMatrix LoadQuantizedWeight(QuantizedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Validated();
        if (tensor.Kind == QuantizedKind.Fp8 && (Device.ComputeMajor * 10) + Device.ComputeMinor < 89)
        {
            throw new NotSupportedException($"--quantization fp8 needs a GPU of compute capability 8.9 or newer (Ada, Hopper); {Device.Name} is {Device.Architecture}");
        }

        EnsureCurrent();
        var matrix = new CudaQuantizedMatrix(tensor);
        if (tensor.Kind != QuantizedKind.Fp8)
        {
            _quant.Weight((long)tensor.Rows * tensor.Cols, Device);
        }

        return matrix;
    }

    // y[:, c..c+N] = x · Wᵀ for a quantized W (semantics: QuantizedTensor). x: [T, K]; y: [T, ≥ c + N].
    private void QuantizedMatMul(CudaActivation a, CudaQuantizedMatrix w, CudaActivation o, int yColumnOffset)
    {
        int tokens = a.Rows, k = a.Cols, n = w.Rows;
        var stream = Device.Stream;
        var y = o.At(0, yColumnOffset);
        o.ShadowValid = false;
        if (w.Kind == QuantizedKind.Fp8)
        {
            Fp8MatMul(a, w, y, o.Cols);
            return;
        }

        var x = a.Pointer;
        if (w.Permutation != 0)
        {
            x = _quant.XFloat((long)tokens * k, Device);
            Launch("permute_cols", tokens, Pointer(x), Pointer(a.Pointer), Pointer(w.Permutation), Int(k));
        }

        if (tokens <= QuantizedGemvMaxRows)
        {
            var grid = ((uint)((n + GemvRowsPerBlock - 1) / GemvRowsPerBlock), 1u, 1u);
            if (w.Kind == QuantizedKind.Int8)
            {
                _module.Launch("qgemv_8bit", grid, 256, stream, Pointer(y), Int(o.Cols), Pointer(x), Pointer(0), Int(tokens), Int(k),
                    Pointer(w.Codes), Pointer(w.Scales), Int(n), Int(0));
            }
            else
            {
                _module.Launch("qgemv_int4", grid, 256, stream, Pointer(y), Int(o.Cols), Pointer(x), Int(tokens), Int(k),
                    Pointer(w.Codes), Pointer(w.Scales), Pointer(w.Zeros), Int(n));
            }

            return;
        }

        // Larger batches: bf16 weights into scratch, then the bf16 GEMM (int8 codes are exact in bf16; scales after).
        var weight = _quant.Weight((long)n * k, Device);
        var elements = (long)n * k;
        if (w.Kind == QuantizedKind.Int8)
        {
            _module.Launch("dequant_codes_bf16", GridStride(elements), RowThreads, stream, Pointer(weight), Pointer(w.Codes), Int64(elements), Int(0));
        }
        else
        {
            _module.Launch("dequant_int4_bf16", GridStride(elements / 8), RowThreads, stream, Pointer(weight), Pointer(w.Codes), Pointer(w.Scales),
                Pointer(w.Zeros), Int(n), Int(k));
        }

        ulong xBf16;
        if (w.Permutation != 0)
        {
            xBf16 = _quant.XBf16((long)tokens * k, Device);
            CastBf16(xBf16, x, (long)tokens * k);
        }
        else
        {
            if (!a.ShadowValid)
            {
                CastBf16(a.Shadow.Pointer, a.Pointer, (long)tokens * k);
                a.ShadowValid = true;
            }

            xBf16 = a.Shadow.Pointer;
        }

        _gemm.Run(xBf16, weight, y, tokens, n, k, o.Cols, stream, fp32Output: true);
        if (w.Kind == QuantizedKind.Int8)
        {
            Launch("scale_output", tokens, Pointer(y), Int(o.Cols), Pointer(0), Pointer(w.Scales), Int(n));
        }
    }

    // W8A8: per-token e4m3 activations, then the GEMV, cuBLASLt's fp8 GEMM, or (without an fp8 kernel) the same
    // products on bf16 tensor cores (e4m3 values are exact in bf16); scales s_x[t] · s_w[n] applied after.
    private void Fp8MatMul(CudaActivation a, CudaQuantizedMatrix w, ulong y, int ldy)
    {
        int tokens = a.Rows, k = a.Cols, n = w.Rows;
        var stream = Device.Stream;
        var elements = (long)tokens * k;
        var codes = _quant.XCodes(elements, Device);
        var values = _quant.XValues(elements, Device);
        var scales = _quant.XScales(tokens, Device);
        _module.Launch("quantize_fp8_rows", ((uint)tokens, 1, 1), RowThreads, stream, Pointer(codes), Pointer(values), Pointer(scales),
            Pointer(a.Pointer), Int(k), Float(w.InputScale ?? 0f));
        if (tokens <= QuantizedGemvMaxRows)
        {
            _module.Launch("qgemv_8bit", ((uint)((n + GemvRowsPerBlock - 1) / GemvRowsPerBlock), 1u, 1u), 256, stream, Pointer(y), Int(ldy), Pointer(values),
                Pointer(scales), Int(tokens), Int(k), Pointer(w.Codes), Pointer(w.Scales), Int(n), Int(1));
            return;
        }

        var shape = (n, k, tokens, ldy, y % 16);
        var onTensorCores = k % 16 == 0 && !_fp8GemmMissing.Contains(shape);
        if (onTensorCores)
        {
            try
            {
                _gemm.RunFp8(codes, w.Codes, y, tokens, n, k, ldy, stream);
            }
            catch (CudaException e)
            {
                // No fp8 kernel for this shape (or alignment): remembered, so the shape is not tried again.
                _fp8GemmMissing.Add(shape);
                onTensorCores = false;
                Console.Error.WriteLine($"cuBLASLt fp8 GEMM unavailable for n={n}, k={k}, tokens={tokens} ({e.Message}); " +
                    "that shape uses the bf16 tensor-core GEMM on the same e4m3 values");
            }
        }

        _fp8GemmUsed = onTensorCores;
        if (!onTensorCores)
        {
            var weight = _quant.Weight((long)n * k, Device);
            _module.Launch("dequant_codes_bf16", GridStride((long)n * k), RowThreads, stream, Pointer(weight), Pointer(w.Codes), Int64((long)n * k), Int(1));
            var xBf16 = _quant.XBf16(elements, Device);
            CastBf16(xBf16, values, elements);
            _gemm.Run(xBf16, weight, y, tokens, n, k, ldy, stream, fp32Output: true);
        }

        Launch("scale_output", tokens, Pointer(y), Int(ldy), Pointer(scales), Pointer(w.Scales), Int(n));
    }

    private void CastBf16(ulong output, ulong input, long elements) =>
        _module.Launch("cast_bf16", GridStride(elements), RowThreads, Device.Stream, Pointer(output), Pointer(input), Int64(elements));

    private (uint, uint, uint) GridStride(long elements) => ((uint)Math.Clamp((elements + 1023) / 1024, 1, Device.MultiprocessorCount * 16), 1, 1);
}
