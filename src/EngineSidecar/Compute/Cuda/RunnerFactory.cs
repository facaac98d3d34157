using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Picks the backend for <c>--device cpu|cuda|auto</c> and loads a model on it; auto means CUDA when a driver and
/// GPU are present, else the CPU.
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
    /// Loads <paramref name="source"/> on the resolved device. --device cuda without a usable GPU throws an
    /// <see cref="InvalidOperationException"/> saying why; the quantization and KV dtype go to the runner options. Load
    /// progress goes to <paramref name="log"/> when given (see <see cref="Model.LoadProgress"/>).
    /// </summary>
    public static IModelRunner Load(string source, string device, QuantizationMode quantization = QuantizationMode.Auto, KvCacheDtype kvCacheDtype = KvCacheDtype.Auto,
        TextWriter? log = null)
    {
        var resolved = Resolve(device);
        log?.WriteLine($"info: loading {source} on {resolved}");
        if (resolved == "cpu")
        {
            return CpuModelRunner.Load(source, new CpuRunnerOptions { Quantization = quantization, KvCacheDtype = kvCacheDtype, LoadLog = log });
        }

        if (!CudaDevice.IsAvailable(out var reason))
        {
            throw new InvalidOperationException($"--device cuda: {reason}");
        }

        return CudaModelRunner.Load(source, new CudaRunnerOptions { Quantization = quantization, KvCacheDtype = kvCacheDtype, LoadLog = log });
    }
}
