using Sluice.Engine.Model;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>Entry point of the CUDA backend: loads a model onto the GPU and sizes its KV cache from free memory.</summary>
public static class CudaModelRunner
{
    /// <summary>Device memory kept free beside weights and KV cache for activations, cuBLASLt and the driver (default 2 GiB).</summary>
    public const long DefaultActivationReserveBytes = 2L << 30;

    /// <summary>
    /// Loads <paramref name="source"/> (a Hugging Face directory or <c>dummy://&lt;preset&gt;</c>, dummy weights generated
    /// as bf16) onto a new <see cref="CudaBackend"/>, returned in <paramref name="backend"/> (owned by the runner).
    /// Throws <see cref="ModelLoadException"/> for bad model files and <see cref="Native.CudaException"/> for CUDA failures.
    /// </summary>
    public static CudaTransformerRunner Load(string source, CudaRunnerOptions options, out CudaBackend backend)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (config, weights) = ModelSource.Open(source, options.DummySeed, maxDummyFp32Bytes: 0);
        try
        {
            backend = new CudaBackend(options);
            options.LoadLog?.WriteLine(backend.KernelsFromCache
                ? $"info: kernels loaded from the cache in {backend.KernelLoadSeconds:0.000} s"
                : $"info: kernels compiled in {backend.KernelLoadSeconds:0.00} s");
        }
        catch
        {
            weights.Dispose();
            throw;
        }

        try
        {
            var linear = ModelSource.Linear(source, weights, options.Quantization, options.DummySeed);
            var progress = options.LoadLog is { } log ? new LoadProgress(WeightLayout.For(config).ParameterCount, log) : null;
            return new CudaTransformerRunner(config, weights, backend, options.UseCudaGraphs, linear, progress);
        }
        catch
        {
            backend.Dispose();
            weights.Dispose();
            throw;
        }
    }

    /// <summary>Loads <paramref name="source"/>; see <see cref="Load(string, CudaRunnerOptions, out CudaBackend)"/>.</summary>
    public static CudaTransformerRunner Load(string source, CudaRunnerOptions? options = null) =>
        Load(source, options ?? new CudaRunnerOptions(), out _);

    /// <summary>
    /// KV blocks that fit in <paramref name="fraction"/> of the device memory free now (after weights) less
    /// <paramref name="reserveBytes"/> for activations and workspace.
    /// </summary>
    public static int KvBlocksFromFreeMemory(CudaBackend backend, IModelRunner runner, int blockSize, double fraction, long reserveBytes = DefaultActivationReserveBytes)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(runner);
        if (fraction is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "KV cache memory fraction must be in (0, 1]");
        }

        var (free, _) = backend.Device.MemoryInfo();
        var usable = (long)((free - reserveBytes) * fraction);
        return (int)Math.Clamp(usable / runner.KvBytesPerBlock(blockSize), 0, int.MaxValue);
    }
}
