using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>Settings of the CUDA backend and runner.</summary>
public sealed record CudaRunnerOptions
{
    /// <summary>Ordinal of the GPU to use.</summary>
    public int DeviceOrdinal { get; init; }

    /// <summary>Where NVRTC cubins are cached (default: <see cref="Runtime.KernelCompiler.DefaultCacheDirectory()"/>).</summary>
    public string? KernelCacheDirectory { get; init; }

    /// <summary>Quantization of the decoder linear weights (--quantization).</summary>
    public QuantizationMode Quantization { get; init; } = QuantizationMode.Auto;

    /// <summary>How the KV cache stores keys and values (--kv-cache-dtype).</summary>
    public KvCacheDtype KvCacheDtype { get; init; } = KvCacheDtype.Auto;

    /// <summary>Seed of dummy:// weights.</summary>
    public ulong DummySeed { get; init; }

    /// <summary>Replay decode steps from CUDA graphs (captured per padded batch size).</summary>
    public bool UseCudaGraphs { get; init; } = true;

    /// <summary>Where load progress lines go (see <see cref="Model.LoadProgress"/>); null loads silently.</summary>
    public TextWriter? LoadLog { get; init; }

    /// <summary>Fraction of the device memory free after weights and workspace that the KV cache may take.</summary>
    public double KvCacheMemoryFraction { get; init; } = 0.9;
}
