using Sluice.Engine.Compute.Cuda.Native;
using Sluice.Engine.Model.Quantization;
using static Sluice.Engine.Compute.Cuda.Runtime.KernelArg;

namespace Sluice.Engine.Compute.Cuda;

// Quantized linear weights: loading and the matmul paths of quant.cu (see CpuQuantizedKernels for the reference).
public sealed unsafe partial class CudaBackend
{
    private readonly CudaQuantScratch _quant = new();
    private readonly HashSet<(int N, int K, int Tokens, int Ldy, ulong YAlignment)> _fp8GemmMissing = [];
    private bool? _fp8GemmUsed;

    /// <summary>
    /// Whether the latest fp8 GEMM of more than <see cref="QuantMatMulPlan.GemvMaxRows"/> rows ran on cuBLASLt's fp8 tensor cores
    /// (null until one ran); false when cuBLASLt had no fp8 kernel for that shape and the bf16 GEMM computed it.
    /// </summary>
    public bool? Fp8TensorCoreGemm => _fp8GemmUsed;

    /// <summary>
    /// Token rows up to which int8/int4 matmuls run the tensor-core GEMM of quant_gemm.cu (default
    /// <see cref="QuantMatMulPlan.TensorCoreMaxRows"/>); the benchmark moves it to time both paths at one shape.
    /// </summary>
    public int QuantizedTensorCoreMaxRows { get; set; } = QuantMatMulPlan.TensorCoreMaxRows;

    /// <summary>
    /// Uploads <paramref name="tensor"/>. fp8 needs compute capability 8.9 or newer (<see cref="NotSupportedException"/>
    /// otherwise). Reserves the bf16 scratch the dequantize-then-GEMM path of int8/int4 needs for this shape.
    /// </summary>
    public WeightMatrix LoadQuantizedWeight(QuantizedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Validated();
        RequireSupport(tensor.Kind);
        EnsureCurrent();
        var matrix = new CudaQuantizedMatrix(tensor);
        if (tensor.Kind != QuantizedKind.Fp8)
        {
            _quant.Weight((long)tensor.Rows * tensor.Cols, Device);
        }

        return matrix;
    }

    // fp8 weights need the e4m3 conversions of compute capability 8.9 (Ada, Hopper) or newer.
    private void RequireSupport(QuantizedKind kind)
    {
        if (kind == QuantizedKind.Fp8 && (Device.ComputeMajor * 10) + Device.ComputeMinor < 89)
        {
            throw new NotSupportedException($"--quantization fp8 needs a GPU of compute capability 8.9 or newer (Ada, Hopper); {Device.Name} is {Device.Architecture}");
        }
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

        if (tokens <= QuantMatMulPlan.GemvMaxRows)
        {
            var grid = GemvGrid(n);
            var kernel = QuantMatMulPlan.GemvKernel(w.Kind, tokens);
            if (w.Kind == QuantizedKind.Int8)
            {
                _module.Launch(kernel, grid, QuantMatMulPlan.GemvThreads, stream, Pointer(y), Int(o.Cols), Pointer(x), Pointer(0), Int(tokens), Int(k),
                    Pointer(w.Codes), Pointer(w.Scales), Int(n), Int(0));
            }
            else
            {
                _module.Launch(kernel, grid, QuantMatMulPlan.GemvThreads, stream, Pointer(y), Int(o.Cols), Pointer(x), Int(tokens), Int(k),
                    Pointer(w.Codes), Pointer(w.Scales), Pointer(w.Zeros), Int(n));
            }

            return;
        }

        var xBf16 = ActivationsBf16(a, x, w.Permutation != 0);
        if (QuantMatMulPlan.UsesTensorCoreGemm(w.Kind, tokens, k, QuantizedTensorCoreMaxRows))
        {
            TensorCoreMatMul(xBf16, w, y, o.Cols, tokens);
            return;
        }

        // Prefill-sized batches: bf16 weights into scratch, then the bf16 GEMM (int8 codes are exact in bf16; scales after).
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

        _gemm.Run(xBf16, weight, y, tokens, n, k, o.Cols, stream, fp32Output: true);
        if (w.Kind == QuantizedKind.Int8)
        {
            Launch("scale_output", tokens, Pointer(y), Int(o.Cols), Pointer(0), Pointer(w.Scales), Int(n));
        }
    }

    // The bf16 activations of a quantized matmul: the cast of x (the permuted copy for act-order weights), else a's shadow.
    private ulong ActivationsBf16(CudaActivation a, ulong x, bool permuted)
    {
        var elements = (long)a.Rows * a.Cols;
        if (permuted)
        {
            var xBf16 = _quant.XBf16(elements, Device);
            CastBf16(xBf16, x, elements);
            return xBf16;
        }

        if (!a.ShadowValid)
        {
            CastBf16(a.Shadow.Pointer, a.Pointer, elements);
            a.ShadowValid = true;
        }

        return a.Shadow.Pointer;
    }

    // quant_gemm.cu: y[:, ..N] (leading dimension ldy) = x · dq(W)ᵀ, K split per QuantMatMulPlan.Splits.
    private void TensorCoreMatMul(ulong xBf16, CudaQuantizedMatrix w, ulong y, int ldy, int tokens)
    {
        int k = w.Cols, n = w.Rows;
        var (splits, perSplit) = QuantMatMulPlan.Splits(n, tokens, k, Device.MultiprocessorCount);
        var partial = splits == 1 ? 0UL : _quant.Partials((long)splits * tokens * n, Device);
        var grid = ((uint)((n + QuantMatMulPlan.TileCols - 1) / QuantMatMulPlan.TileCols), (uint)((tokens + QuantMatMulPlan.TileRows - 1) / QuantMatMulPlan.TileRows), (uint)splits);
        var stream = Device.Stream;
        if (w.Kind == QuantizedKind.Int4)
        {
            _module.Launch("qgemm_int4", grid, QuantMatMulPlan.GemmThreads, stream, Pointer(y), Int(ldy), Pointer(partial), Pointer(xBf16), Int(tokens), Int(k),
                Pointer(w.Codes), Pointer(w.Scales), Pointer(w.Zeros), Int(n), Int(perSplit));
        }
        else
        {
            _module.Launch("qgemm_int8", grid, QuantMatMulPlan.GemmThreads, stream, Pointer(y), Int(ldy), Pointer(partial), Pointer(xBf16), Int(tokens), Int(k),
                Pointer(w.Codes), Pointer(w.Scales), Int(n), Int(perSplit));
        }

        if (splits > 1)
        {
            _module.Launch("qgemm_reduce", ((uint)tokens, 1, 1), RowThreads, stream, Pointer(y), Int(ldy), Pointer(partial), Int(splits), Int(tokens), Int(n),
                Pointer(w.Kind == QuantizedKind.Int8 ? w.Scales : 0));
        }
    }

    private static (uint, uint, uint) GemvGrid(int n) => ((uint)((n + QuantMatMulPlan.GemvRowsPerBlock - 1) / QuantMatMulPlan.GemvRowsPerBlock), 1u, 1u);

    // W8A8: per-token e4m3 activations, then the GEMV, cuBLASLt's fp8 GEMM, or (without an fp8 kernel) the same
    // products on bf16 tensor cores (e4m3 values are exact in bf16); scales s_x[t] · s_w[n] applied after.
    private void Fp8MatMul(CudaActivation a, CudaQuantizedMatrix w, ulong y, int ldy)
    {
        int tokens = a.Rows, k = a.Cols, n = w.Rows;
        var stream = Device.Stream;
        var elements = (long)tokens * k;
        var codes = _quant.XCodes(elements, Device);
        var gemv = tokens <= QuantMatMulPlan.GemvMaxRows;
        var shape = (n, k, tokens, ldy, y % 16);
        var onTensorCores = !gemv && k % 16 == 0 && !_fp8GemmMissing.Contains(shape);

        // The fp32 values of the codes feed the GEMV and the bf16 fallback; cuBLASLt's fp8 GEMM reads only the codes.
        var values = onTensorCores ? 0UL : _quant.XValues(elements, Device);
        var scales = _quant.XScales(tokens, Device);
        _module.Launch("quantize_fp8_rows", ((uint)tokens, 1, 1), RowThreads, stream, Pointer(codes), Pointer(values), Pointer(scales),
            Pointer(a.Pointer), Int(k), Float(w.InputScale ?? 0f));
        if (gemv)
        {
            _module.Launch(QuantMatMulPlan.GemvKernel(QuantizedKind.Fp8, tokens), GemvGrid(n), QuantMatMulPlan.GemvThreads, stream, Pointer(y), Int(ldy), Pointer(values),
                Pointer(scales), Int(tokens), Int(k), Pointer(w.Codes), Pointer(w.Scales), Int(n), Int(1));
            return;
        }

        if (onTensorCores)
        {
            try
            {
                _gemm.RunFp8(codes, w.Codes, y, tokens, n, k, ldy, stream);
            }
            catch (CudaException e)
            {
                // No fp8 kernel for this shape (or alignment): remembered, so the shape is not tried again, and computed
                // again by the fallback (which also needs the codes' fp32 values).
                _fp8GemmMissing.Add(shape);
                Console.Error.WriteLine($"cuBLASLt fp8 GEMM unavailable for n={n}, k={k}, tokens={tokens} ({e.Message}); " +
                    "that shape uses the bf16 tensor-core GEMM on the same e4m3 values");
                Fp8MatMul(a, w, y, ldy);
                return;
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
