using System.Runtime.InteropServices;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>
/// Runs the same op on the CPU reference backend and the CUDA backend from identical inputs (random values
/// rounded to bf16, so both start from the same numbers) and measures how far the GPU result is from the CPU's.
/// GPU outputs are poisoned with NaN before each op, so an element the kernel never wrote fails the check.
/// </summary>
public sealed unsafe class TwinHarness : IDisposable
{
    private readonly List<nint> _hostBuffers = [];
    private readonly List<IDisposable> _owned = [];

    public TwinHarness(CudaBackend gpu, int seed)
    {
        Gpu = gpu;
        Cpu = new CpuBackend(new CpuRunnerOptions { MaxThreads = Math.Min(8, Environment.ProcessorCount) });
        Random = new Random(seed);
    }

    public CudaBackend Gpu { get; }

    public CpuBackend Cpu { get; }

    public Random Random { get; }

    /// <summary>A pair of [rows, cols] activations holding the same random values in [-scale, scale) (bf16-rounded).</summary>
    public (CpuActivation Cpu, CudaActivation Gpu) Activations(int rows, int cols, float scale = 1f)
    {
        var c = (CpuActivation)Own(Cpu.Allocate(rows, cols));
        var g = (CudaActivation)Own(Gpu.Allocate(rows, cols));
        for (var i = 0; i < c.Data.Length; i++)
        {
            c.Data[i] = Bf16.Round(scale * ((2 * Random.NextSingle()) - 1));
        }

        Gpu.Upload(g, c.Data);
        return (c, g);
    }

    /// <summary>
    /// Error of a GPU output written at column offset <paramref name="offset"/> ([tokens, offset + n]) against the CPU's:
    /// the relative error of columns [offset, offset + n), or +∞ (with a message) when a column before the offset was
    /// written (the GPU output starts poisoned with NaN, see <see cref="Outputs"/>).
    /// </summary>
    public (double Error, string Detail) OffsetOutputError(CpuActivation cpu, CudaActivation gpu, int tokens, int n, int offset)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        var downloaded = Gpu.Download(gpu);
        var width = n + offset;
        var actual = new float[tokens * n];
        var expected = new float[tokens * n];
        for (var t = 0; t < tokens; t++)
        {
            Array.Copy(downloaded, (t * width) + offset, actual, t * n, n);
            Array.Copy(cpu.Data, (t * width) + offset, expected, t * n, n);
        }

        var untouched = Enumerable.Range(0, tokens).All(t => downloaded.AsSpan(t * width, offset).ToArray().All(float.IsNaN));
        return untouched ? (RelativeError(actual, expected), string.Empty) : (double.PositiveInfinity, "columns before the offset were overwritten");
    }

    /// <summary>A pair of empty output activations; the GPU one is poisoned with NaN.</summary>
    public (CpuActivation Cpu, CudaActivation Gpu) Outputs(int rows, int cols)
    {
        var c = (CpuActivation)Own(Cpu.Allocate(rows, cols));
        var g = (CudaActivation)Own(Gpu.Allocate(rows, cols));
        Gpu.Poison(g);
        return (c, g);
    }

    /// <summary>The same bf16 weight [rows, cols] (a vector when rows is 1) on both backends: offset + uniform [-scale, scale).</summary>
    public (WeightMatrix Cpu, WeightMatrix Gpu) Weights(string name, int rows, int cols, float scale, float offset = 0f)
    {
        var elements = (long)rows * cols;
        var data = (ushort*)NativeMemory.Alloc((nuint)(elements * sizeof(ushort)));
        _hostBuffers.Add((nint)data);
        for (long i = 0; i < elements; i++)
        {
            data[i] = Bf16.FromSingle(offset + (scale * ((2 * Random.NextSingle()) - 1)));
        }

        long[] shape = rows == 1 ? [cols] : [rows, cols];
        var view = new TensorView(name, WeightDtype.BF16, shape, (nint)data, "self-test");
        return (Own(Cpu.LoadWeight(view)), Own(Gpu.LoadWeight(view)));
    }

    /// <summary>Relative error of the GPU activation's Rows × Cols elements against the CPU's; infinity on NaN.</summary>
    public double Error(CpuActivation expected, CudaActivation actual) =>
        RelativeError(Gpu.Download(actual), expected.Data.AsSpan(0, expected.Rows * expected.Cols));

    /// <summary>max |actual − expected| / max |expected|; infinity when actual holds NaN or lengths differ.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            return double.PositiveInfinity;
        }

        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(actual[i]))
            {
                return double.PositiveInfinity;
            }

            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxDiff / Math.Max(maxRef, 1e-30);
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        foreach (var p in _hostBuffers)
        {
            NativeMemory.Free((void*)p);
        }

        _owned.Clear();
        _hostBuffers.Clear();
        Cpu.Dispose();
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
