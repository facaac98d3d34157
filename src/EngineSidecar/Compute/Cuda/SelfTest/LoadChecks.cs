using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>
/// Weight loading on the GPU against its CPU twins, bit for bit: <c>fill_dummy</c> against <see cref="DummyRandom.Fill"/>,
/// the staged upload with <c>convert_to_bf16</c> against <see cref="Bf16.Convert"/> (tensors larger than one staging buffer,
/// from host memory and streamed from a safetensors file without touching its mapping), and a dummy model's logits on both
/// runners.
/// </summary>
public static unsafe class LoadChecks
{
    /// <summary>The checks that need only a backend pair.</summary>
    public static IEnumerable<(string Name, Func<TwinHarness, CheckResult> Check)> All()
    {
        yield return ("fill_dummy matrix n=1000003", h => Fill(h, "fill_dummy matrix n=1000003", 1_000_003, new DummyFill(DummyRandom.StreamKey(1, "m"), 0f, 0.027f)));
        yield return ("fill_dummy norm n=4096", h => Fill(h, "fill_dummy norm n=4096", 4096, new DummyFill(DummyRandom.StreamKey(2, "n"), 1f, 0.1f)));
        foreach (var (dtype, elements) in new[] { (WeightDtype.F16, 40_000_003L), (WeightDtype.F32, 20_000_001L), (WeightDtype.BF16, 40_000_001L), (WeightDtype.F32, 7L) })
        {
            var name = $"staged upload {dtype} n={elements}";
            yield return (name, h => FromMemory(h, name, dtype, elements));
        }

        yield return ("staged upload from a safetensors file", FromFile);
        foreach (var kind in new[] { QuantizedKind.Int8, QuantizedKind.Fp8, QuantizedKind.Int4 })
        {
            var name = $"fill_dummy_codes {kind} stacked";
            yield return (name, h => Quantized(h, name, kind));
        }
    }

    /// <summary>Name of <see cref="DummyModel"/>'s check.</summary>
    public const string DummyModelName = "dummy://tiny logits, cpu and cuda generating the same weights";

    /// <summary>dummy://tiny generated on each backend (bf16 on both): last-position logits of one prompt.</summary>
    public static CheckResult DummyModel(CudaRunnerOptions options)
    {
        int[] prompt = [256, 72, 101, 108, 108, 111, 44, 32, 119];
        using var gpu = CudaModelRunner.Load("dummy://tiny", options with { DummySeed = 3 });
        using var cpu = CpuModelRunner.Load("dummy://tiny", new CpuRunnerOptions { DummySeed = 3, MaxDummyFp32Bytes = 0 });
        gpu.AllocateKvCache(4, 16);
        cpu.AllocateKvCache(4, 16);
        var chunk = new ScheduledChunk(1, prompt, 0, [2, 0], true);
        return new CheckResult(DummyModelName, TwinHarness.RelativeError(gpu.Forward([chunk]), cpu.Forward([chunk])),
            GoldenChecks.LogitsTolerance);
    }

    private static CheckResult Fill(TwinHarness h, string name, long elements, DummyFill fill)
    {
        using var weight = (CudaWeightMatrix)h.Gpu.GenerateWeight(new GeneratedTensor(name, [elements], fill, WeightDtype.BF16));
        var expected = new ushort[elements];
        fixed (ushort* p = expected)
        {
            DummyRandom.Fill(fill, elements, WeightDtype.BF16, (nint)p);
        }

        return Compare(h, name, weight, expected);
    }

    private static CheckResult FromMemory(TwinHarness h, string name, WeightDtype dtype, long elements)
    {
        var stored = Stored(dtype, elements, h.Random);
        var expected = new ushort[elements];
        fixed (byte* s = stored)
        fixed (ushort* e = expected)
        {
            Bf16.Convert(dtype, s, new Span<ushort>(e, (int)elements));
            using var weight = (CudaWeightMatrix)h.Gpu.LoadWeight(new TensorView(name, dtype, [elements], (nint)s, "self-test"));
            return Compare(h, name, weight, expected);
        }
    }

    private static CheckResult FromFile(TwinHarness h)
    {
        const string name = "staged upload from a safetensors file";
        const long elements = 50_000_017; // fp16: 100 MB, two staging buffers
        var directory = Directory.CreateTempSubdirectory("sluice-load-check-");
        try
        {
            var path = Path.Combine(directory.FullName, "model.safetensors");
            var stored = Stored(WeightDtype.F16, elements, h.Random);
            WriteSafetensors(path, "w", "F16", elements, stored);
            using var file = SafetensorsFile.Open(path);
            var view = file.Get("w", [elements]);
            var mappedBefore = ResidentFileBytes();
            using var weight = (CudaWeightMatrix)h.Gpu.LoadWeight(view);
            h.Gpu.EndWeightLoad();
            var mappedGrowth = ResidentFileBytes() - mappedBefore;
            var expected = new ushort[elements];
            fixed (ushort* e = expected)
            {
                Bf16.Convert(WeightDtype.F16, (byte*)view.Data, new Span<ushort>(e, (int)elements));
            }

            var result = Compare(h, name, weight, expected);
            var touched = mappedGrowth > stored.Length / 4;
            return result with
            {
                Error = touched ? double.PositiveInfinity : result.Error,
                Detail = $"{result.Detail}resident file pages grew by {mappedGrowth / (1 << 20)} MiB of {stored.Length / (1 << 20)} MiB{(touched ? ": the mapping was read" : string.Empty)}",
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // Three parts stacked (odd byte counts for int8/fp8), generated on the GPU against the host twin: codes, scales, zeros.
    private static CheckResult Quantized(TwinHarness h, string name, QuantizedKind kind)
    {
        var (cols, rows) = kind == QuantizedKind.Int4 ? (256, new[] { 64, 16, 16 }) : (257, new[] { 5, 3, 2 });
        var parts = rows.Select((n, i) => DummyQuantizedWeights.Describe($"part{i}", kind, n, cols, 11, "self-test")).ToList();
        var stacked = GeneratedQuantizedTensor.Stack("stacked", parts);
        var expected = DummyQuantizedWeights.Materialize(stacked);
        using var weight = (CudaQuantizedMatrix)h.Gpu.GenerateQuantizedWeight(stacked);
        h.Gpu.Device.Synchronize();
        var mismatches = Mismatches(weight.Codes, expected.Data) + Mismatches(weight.Scales, expected.Scales)
            + (expected.Zeros is { } zeros ? Mismatches(weight.Zeros, zeros) : 0);
        return new CheckResult(name, mismatches, 0, mismatches == 0 ? string.Empty : $"{mismatches} code, scale or zero-point elements differ");
    }

    private static long Mismatches<T>(ulong device, T[] expected)
        where T : unmanaged, IEquatable<T>
    {
        var actual = new T[expected.Length];
        fixed (T* a = actual)
        {
            Check(cuMemcpyDtoH(a, device, (nuint)(actual.LongLength * sizeof(T))), nameof(cuMemcpyDtoH));
        }

        return actual.Where((value, i) => !value.Equals(expected[i])).LongCount();
    }

    // Mismatching bf16 words (NaN inputs are never generated, so every word must match).
    private static CheckResult Compare(TwinHarness h, string name, CudaWeightMatrix weight, ushort[] expected)
    {
        h.Gpu.Device.Synchronize();
        var actual = new ushort[expected.Length];
        fixed (ushort* a = actual)
        {
            Check(cuMemcpyDtoH(a, weight.Pointer, (nuint)(actual.LongLength * sizeof(ushort))), nameof(cuMemcpyDtoH));
        }

        var mismatches = 0L;
        var first = -1L;
        for (long i = 0; i < expected.Length; i++)
        {
            if (actual[i] != expected[i])
            {
                first = first < 0 ? i : first;
                mismatches++;
            }
        }

        var detail = first < 0 ? string.Empty : $"{mismatches} words differ, first at {first}: 0x{actual[first]:x4} vs 0x{expected[first]:x4}; ";
        return new CheckResult(name, mismatches, 0, detail);
    }

    // Finite values of every magnitude the dtype holds (subnormals, halfway cases, the largest finite), none NaN.
    private static byte[] Stored(WeightDtype dtype, long elements, Random random)
    {
        var bytes = new byte[elements * dtype.SizeBytes()];
        random.NextBytes(bytes);
        fixed (byte* b = bytes)
        {
            for (long i = 0; i < elements; i++)
            {
                switch (dtype)
                {
                    case WeightDtype.F32 when (((uint*)b)[i] & 0x7F800000u) == 0x7F800000u:
                        ((uint*)b)[i] &= ~0x00800000u; // an all-ones exponent (inf, NaN) becomes the one below
                        break;
                    case WeightDtype.F16 when (((ushort*)b)[i] & 0x7C00) == 0x7C00:
                        ((ushort*)b)[i] &= unchecked((ushort)~0x0400);
                        break;
                    case WeightDtype.BF16 when (((ushort*)b)[i] & 0x7F80) == 0x7F80:
                        ((ushort*)b)[i] &= unchecked((ushort)~0x0080);
                        break;
                }
            }
        }

        return bytes;
    }

    private static void WriteSafetensors(string path, string tensor, string dtype, long elements, byte[] data)
    {
        var header = System.Text.Encoding.UTF8.GetBytes(
            $"{{\"{tensor}\":{{\"dtype\":\"{dtype}\",\"shape\":[{elements}],\"data_offsets\":[0,{data.Length}]}}}}");
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((long)header.Length));
        stream.Write(header);
        stream.Write(data);
    }

    private static long ResidentFileBytes() =>
        ProcessMemory.StatusBytes(File.ReadAllText("/proc/self/status"), "RssFile") ?? 0;
}
