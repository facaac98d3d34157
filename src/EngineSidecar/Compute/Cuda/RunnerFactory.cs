using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Picks the backend for <c>--device cpu|cuda|auto</c> and loads a model on it; auto means CUDA when a driver and
/// GPU are present, else the CPU. <c>--tensor-parallel-size</c> N &gt; 1 shards the model over N in-process CPU ranks
/// (the CPU twin of tensor parallelism); on CUDA it is refused until a sharded CUDA runner exists.
/// </summary>
public static class RunnerFactory
{
    /// <summary>Accepted values of --device.</summary>
    public static IReadOnlyList<string> Devices { get; } = ["auto", "cpu", "cuda"];

    /// <summary>"cpu" or "cuda" for a --device value; throws <see cref="ArgumentException"/> for anything else.</summary>
    public static string Resolve(string device) => device switch
    {
        "cpu" => "cpu",
        "cuda" => "cuda",
        "auto" => CudaDevice.IsAvailable(out _) ? "cuda" : "cpu",
        _ => throw new ArgumentException($"--device must be one of {string.Join(", ", Devices)}; got '{device}'"),
    };

    /// <summary>
    /// Loads <paramref name="source"/> on the resolved device. --device cuda without a usable GPU, or with
    /// <paramref name="tensorParallelSize"/> above 1 (<see cref="CudaTensorParallelProblem"/>), throws an
    /// <see cref="InvalidOperationException"/> saying why; a model whose shapes do not split over
    /// <paramref name="tensorParallelSize"/> CPU ranks throws <see cref="ArgumentException"/> before any weight is read. The
    /// quantization and KV dtype go to the runner options. Load progress goes to <paramref name="log"/> when given (see
    /// <see cref="Model.LoadProgress"/>).
    /// </summary>
    public static IModelRunner Load(string source, string device, QuantizationMode quantization = QuantizationMode.Auto, KvCacheDtype kvCacheDtype = KvCacheDtype.Auto,
        TextWriter? log = null, int tensorParallelSize = 1)
    {
        if (tensorParallelSize < 1)
        {
            throw new ArgumentException($"--tensor-parallel-size must be at least 1, got {tensorParallelSize}");
        }

        var resolved = Resolve(device);
        log?.WriteLine($"info: loading {source} on {resolved}" + (tensorParallelSize > 1 ? $" over {tensorParallelSize} tensor-parallel ranks" : string.Empty));
        if (resolved == "cpu")
        {
            var options = new CpuRunnerOptions { Quantization = quantization, KvCacheDtype = kvCacheDtype, LoadLog = log };
            return tensorParallelSize == 1 ? CpuModelRunner.Load(source, options) : CpuModelRunner.LoadSharded(source, tensorParallelSize, options);
        }

        if (!CudaDevice.IsAvailable(out var reason))
        {
            throw new InvalidOperationException($"--device cuda: {reason}");
        }

        if (tensorParallelSize > 1)
        {
            throw new InvalidOperationException(CudaTensorParallelProblem(tensorParallelSize, CudaDevice.VisibleCount()));
        }

        return CudaModelRunner.Load(source, new CudaRunnerOptions { Quantization = quantization, KvCacheDtype = kvCacheDtype, LoadLog = log });
    }

    /// <summary>
    /// Why CUDA cannot serve <paramref name="tensorParallelSize"/> (&gt; 1) ranks with <paramref name="visibleGpus"/> GPUs
    /// visible: more ranks than GPUs, or (for any count) that the sharded CUDA runner is not built yet.
    /// </summary>
    public static string CudaTensorParallelProblem(int tensorParallelSize, int visibleGpus) => tensorParallelSize > visibleGpus
        ? $"--tensor-parallel-size {tensorParallelSize} needs {tensorParallelSize} GPUs; {visibleGpus} visible"
        : $"--device cuda --tensor-parallel-size {tensorParallelSize}: CUDA tensor parallelism is not available yet (no sharded CUDA runner); use --tensor-parallel-size 1, or --device cpu for the CPU twin";
}
