namespace Sluice.Engine.Model.Quantization;

/// <summary>What <c>--kv-cache-dtype</c> asks for.</summary>
public enum KvCacheDtype
{
    /// <summary>The backend's native KV element type (bf16 on CUDA, fp32 on the CPU).</summary>
    Auto,

    /// <summary>e4m3 keys and values with a per-layer scale.</summary>
    Fp8,
}
