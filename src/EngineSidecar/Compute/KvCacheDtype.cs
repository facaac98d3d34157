namespace Sluice.Engine.Compute;

/// <summary>How the paged KV cache stores keys and values (<c>--kv-cache-dtype</c>).</summary>
public enum KvCacheDtype
{
    /// <summary>The backend's compute type: fp32 on the CPU, bf16 on CUDA.</summary>
    Auto,

    /// <summary>
    /// fp8 e4m3 (1 byte) with one key scale and one value scale per layer: stored = e4m3(x / scale), read back as
    /// e4m3 · scale. Half the bytes of bf16, so twice the blocks in the same memory.
    /// </summary>
    Fp8,
}
