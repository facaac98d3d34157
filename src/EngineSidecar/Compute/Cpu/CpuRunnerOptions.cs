using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>Settings of the CPU backend and runner.</summary>
public sealed record CpuRunnerOptions
{
    /// <summary>Threads the parallel loops use (default: all cores).</summary>
    public int MaxThreads { get; init; } = Environment.ProcessorCount;

    public CpuWeightConversion WeightConversion { get; init; } = CpuWeightConversion.Auto;

    /// <summary>With <see cref="CpuWeightConversion.Auto"/>: fp32 bytes that may be created by conversion (default 8 GiB).</summary>
    public long MaxConvertedWeightBytes { get; init; } = 8L << 30;

    /// <summary>Quantization of the decoder linear weights (--quantization).</summary>
    public QuantizationMode Quantization { get; init; } = QuantizationMode.Auto;

    /// <summary>How the KV cache stores keys and values (--kv-cache-dtype).</summary>
    public KvCacheDtype KvCacheDtype { get; init; } = KvCacheDtype.Auto;

    /// <summary>Seed of dummy:// weights.</summary>
    public ulong DummySeed { get; init; }

    /// <summary>Dummy presets whose fp32 weights exceed this many bytes are generated as bf16 (default 1 GiB).</summary>
    public long MaxDummyFp32Bytes { get; init; } = 1L << 30;

    /// <summary>Where load progress lines go (see <see cref="Model.LoadProgress"/>); null loads silently.</summary>
    public TextWriter? LoadLog { get; init; }
}
