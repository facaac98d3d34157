using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>
/// The quantized matmuls of quant.cu and quant_gemm.cu against <see cref="CpuQuantizedKernels"/>: every format at decode
/// (GEMV at 1, 2, 4 rows; the tensor-core GEMM with and without K splits) and prefill (dequantize-then-GEMM, cuBLASLt
/// fp8) row counts, with column offsets, int4 act-order permutations and static fp8 activation scales; and the e4m3 encoder
/// over every code boundary.
/// </summary>
public static class QuantChecks
{
    /// <summary>The checks by name, for <see cref="KernelChecks"/>.</summary>
    public static IEnumerable<(string Name, Func<TwinHarness, CheckResult> Check)> All()
    {
        foreach (var kind in new[] { QuantizedKind.Fp8, QuantizedKind.Int8, QuantizedKind.Int4 })
        {
            foreach (var (t, k, n, offset) in new[] { (1, 256, 96, 0), (2, 4096, 1001, 0), (3, 14336, 512, 4), (5, 4096, 1024, 8), (8, 512, 2000, 0), (9, 512, 200, 16), (70, 4096, 1024, 0), (200, 4096, 1024, 8), (256, 1024, 4096, 0), (300, 1024, 256, 0) })
            {
                yield return ($"quant matmul {kind} T={t} K={k} N={n} offset={offset}", h => MatMul(h, kind, t, k, n, offset, permuted: false, staticScale: null));
            }
        }

        yield return ("quant matmul Int4 act-order T=3 K=1024 N=256", h => MatMul(h, QuantizedKind.Int4, 3, 1024, 256, 0, permuted: true, staticScale: null));
        yield return ("quant matmul Int4 act-order T=40 K=1024 N=256", h => MatMul(h, QuantizedKind.Int4, 40, 1024, 256, 0, permuted: true, staticScale: null));
        yield return ("quant matmul Fp8 static input T=4 K=512 N=128", h => MatMul(h, QuantizedKind.Fp8, 4, 512, 128, 0, permuted: false, staticScale: 0.01f));
        yield return ("quant matmul Fp8 static input T=24 K=512 N=128", h => MatMul(h, QuantizedKind.Fp8, 24, 512, 128, 0, permuted: false, staticScale: 0.01f));
        yield return ("quant matmul Int8 K=100 (scalar tail) T=2 N=64", h => MatMul(h, QuantizedKind.Int8, 2, 100, 64, 0, permuted: false, staticScale: null));
    }

    /// <summary>A random tensor [n, k] of <paramref name="kind"/>: codes uniform, scales and int4 zero points random.</summary>
    public static QuantizedTensor RandomTensor(Random random, QuantizedKind kind, int n, int k, bool permuted, float? staticScale)
    {
        var data = new byte[kind == QuantizedKind.Int4 ? (long)n * k / 2 : (long)n * k];
        random.NextBytes(data);
        if (kind == QuantizedKind.Fp8)
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (data[i] & 0x7F) == 0x7F ? (byte)0x7E : data[i];
            }
        }

        var groups = kind == QuantizedKind.Int4 ? k / QuantizedTensor.GroupSize : 1;
        var magnitude = MathF.Sqrt(3f / k) / (kind switch { QuantizedKind.Int4 => 8f, QuantizedKind.Int8 => 128f, _ => 64f });
        return new QuantizedTensor
        {
            Name = "w",
            Kind = kind,
            Rows = n,
            Cols = k,
            Data = data,
            Scales = Enumerable.Range(0, n * groups).Select(_ => magnitude * (0.5f + random.NextSingle())).ToArray(),
            Zeros = kind == QuantizedKind.Int4 ? Enumerable.Range(0, n * groups).Select(_ => (byte)random.Next(17)).ToArray() : null,
            Permutation = permuted ? Enumerable.Range(0, k).OrderBy(_ => random.Next()).ToArray() : null,
            InputScale = staticScale,
        }.Validated();
    }

    private static CheckResult MatMul(TwinHarness h, QuantizedKind kind, int tokens, int k, int n, int offset, bool permuted, float? staticScale)
    {
        var tensor = RandomTensor(h.Random, kind, n, k, permuted, staticScale);
        var (xc, xg) = h.Activations(tokens, k);
        using var wc = h.Cpu.LoadQuantizedWeight(tensor);
        using var wg = h.Gpu.LoadQuantizedWeight(tensor);
        var (oc, og) = h.Outputs(tokens, n + offset);
        h.Cpu.MatMul(xc, wc, oc, offset);
        h.Gpu.MatMul(xg, wg, og, offset);
        var (error, detail) = h.OffsetOutputError(oc, og, tokens, n, offset);
        var path = tokens <= QuantMatMulPlan.GemvMaxRows ? QuantMatMulPlan.GemvKernel(kind, tokens)
            : kind == QuantizedKind.Fp8 ? $"fp8 tensor cores {h.Gpu.Fp8TensorCoreGemm}"
            : QuantMatMulPlan.UsesTensorCoreGemm(kind, tokens, k, h.Gpu.QuantizedTensorCoreMaxRows) ? $"tensor-core GEMM, {QuantMatMulPlan.Splits(n, tokens, k, h.Gpu.Device.MultiprocessorCount).Splits} K splits"
            : "dequantize + bf16 GEMM";
        return new CheckResult($"quant matmul {kind} T={tokens} K={k} N={n}", error, KernelChecks.Bf16Tolerance, detail.Length == 0 ? path : detail);
    }
}
