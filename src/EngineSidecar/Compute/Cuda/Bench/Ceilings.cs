using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model.Dummy;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Bench;

/// <summary>The device's two ceilings measured in-run: device-to-device copy bandwidth and a large bf16 GEMM rate.</summary>
/// <param name="CopyBytesPerSecond">(bytes read + bytes written) / time of a 2 GiB cuMemcpyDtoD, median of 20.</param>
/// <param name="GemmFlopsPerSecond">2·M·N·K / time of an 8192³ bf16 GEMM (fp32 accumulation) on random data, median of 20.</param>
public sealed record Ceilings(double CopyBytesPerSecond, double GemmFlopsPerSecond)
{
    /// <summary>Measures both on <paramref name="backend"/>'s device.</summary>
    public static Ceilings Measure(CudaBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var stream = backend.Device.Stream;
        using var timer = new EventTimer();
        const long copyBytes = 2L << 30;
        double copy;
        using (var src = new DeviceBuffer(copyBytes))
        using (var dst = new DeviceBuffer(copyBytes))
        {
            Fill(backend, src.Pointer, copyBytes / 2, 1);
            var ms = Median(20, () => timer.Time(stream, () => Check(cuMemcpyDtoDAsync(dst.Pointer, src.Pointer, (nuint)copyBytes, stream), nameof(cuMemcpyDtoDAsync))));
            copy = 2.0 * copyBytes / (ms / 1e3);
        }

        const int n = 8192;
        const long elements = (long)n * n;
        double gemm;
        using (var x = new DeviceBuffer(elements * 2))
        using (var w = new DeviceBuffer(elements * 2))
        using (var y = new DeviceBuffer(elements * 2))
        {
            Fill(backend, x.Pointer, elements, 2);
            Fill(backend, w.Pointer, elements, 3);
            var ms = Median(20, () => timer.Time(stream, () => backend.Gemm.Run(x.Pointer, w.Pointer, y.Pointer, n, n, n, n, stream)));
            gemm = 2.0 * n * n * n / (ms / 1e3);
        }

        return new Ceilings(copy, gemm);
    }

    /// <summary>Fills <paramref name="elements"/> bf16 values at <paramref name="pointer"/> with uniform random numbers in [-1, 1).</summary>
    public static void Fill(CudaBackend backend, ulong pointer, long elements, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(backend);
        backend.FillDummy(pointer, elements, new DummyFill(seed, 0f, 1f));
    }

    private static float Median(int runs, Func<float> time)
    {
        for (var i = 0; i < 3; i++)
        {
            time();
        }

        var samples = Enumerable.Range(0, runs).Select(_ => time()).Order().ToArray();
        return samples[samples.Length / 2];
    }
}
