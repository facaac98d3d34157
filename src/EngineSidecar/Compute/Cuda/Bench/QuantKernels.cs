using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Compute.Cuda.SelfTest;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda.Bench;

/// <summary>
/// Times one quantized linear layer per format against bf16 weights of the same shape, on the layer shapes of Llama-3-8B
/// and -70B, at decode batch sizes: microseconds per call, weight bytes per second (the fraction of the copy ceiling
/// measured in the same run), and for int8/int4 above the GEMV rows both the tensor-core GEMM and the dequantize-then-bf16
/// GEMM path, so the crossover <see cref="QuantMatMulPlan.TensorCoreMaxRows"/> is read off one run.
/// </summary>
public static class QuantKernels
{
    private static readonly (string Name, int N, int K)[] Shapes =
        [("8b_qkv", 6144, 4096), ("8b_gate_up", 28672, 4096), ("8b_down", 4096, 14336), ("70b_gate_up", 57344, 8192), ("70b_down", 8192, 28672)];

    private static readonly int[] Tokens = [1, 2, 4, 8, 16, 32, 64, 100, 128, 256, 512];

    /// <summary>Adds "quant_{shape}_{format}[_{path}]_t{tokens}_{microseconds|weight_bytes_per_second|roofline_fraction}" entries.</summary>
    public static void Add(BenchReport report, CudaBackend backend, double copyBytesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(backend);
        var random = new Random(17);
        using var timer = new EventTimer();
        foreach (var (name, n, k) in Shapes)
        {
            using var x = backend.Allocate(Tokens[^1], k);
            using var y = backend.Allocate(Tokens[^1], n);
            backend.Upload(x, Enumerable.Range(0, Tokens[^1] * k).Select(_ => (2 * random.NextSingle()) - 1).ToArray());
            var bf16 = new DeviceBuffer((long)n * k * sizeof(ushort));
            Ceilings.Fill(backend, bf16.Pointer, (long)n * k, 9);
            using (var w = new CudaWeightMatrix("w", n, k, bf16))
            {
                Time(report, backend, timer, $"quant_{name}_bf16", w, x, y, (long)n * k * sizeof(ushort), copyBytesPerSecond);
            }

            foreach (var kind in new[] { QuantizedKind.Fp8, QuantizedKind.Int8, QuantizedKind.Int4 })
            {
                var tensor = QuantChecks.RandomTensor(random, kind, n, k, permuted: false, staticScale: null);
                using var w = backend.LoadQuantizedWeight(tensor);
                var format = kind.ToString().ToLowerInvariant();
                if (kind == QuantizedKind.Fp8)
                {
                    Time(report, backend, timer, $"quant_{name}_{format}", w, x, y, tensor.Bytes, copyBytesPerSecond);
                    continue;
                }

                try
                {
                    backend.QuantizedTensorCoreMaxRows = int.MaxValue;
                    Time(report, backend, timer, $"quant_{name}_{format}_tc", w, x, y, tensor.Bytes, copyBytesPerSecond);
                    backend.QuantizedTensorCoreMaxRows = 0;
                    Time(report, backend, timer, $"quant_{name}_{format}_dequant", w, x, y, tensor.Bytes, copyBytesPerSecond, QuantMatMulPlan.GemvMaxRows + 1);
                }
                finally
                {
                    backend.QuantizedTensorCoreMaxRows = QuantMatMulPlan.TensorCoreMaxRows;
                }
            }
        }
    }

    private static void Time(BenchReport report, CudaBackend backend, EventTimer timer, string key, WeightMatrix w, Activation x, Activation y,
        long weightBytes, double copyBytesPerSecond, int minTokens = 1)
    {
        var stream = backend.Device.Stream;
        foreach (var t in Tokens.Where(t => t >= minTokens))
        {
            x.Resize(t);
            y.Resize(t);
            var ms = Enumerable.Range(0, 7)
                .Select(_ => timer.Time(stream, () =>
                {
                    for (var i = 0; i < 5; i++)
                    {
                        backend.MatMul(x, w, y, 0);
                    }
                }) / 5)
                .Order().ElementAt(3);
            var bytesPerSecond = weightBytes / (ms / 1e3);
            report.Add($"{key}_t{t}_microseconds", ms * 1e3);
            report.Add($"{key}_t{t}_weight_bytes_per_second", bytesPerSecond);
            report.Add($"{key}_t{t}_roofline_fraction", bytesPerSecond / copyBytesPerSecond);
        }
    }
}
