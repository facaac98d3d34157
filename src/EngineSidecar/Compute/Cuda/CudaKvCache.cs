using Sluice.Engine.Compute.Cuda.Runtime;

using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Paged KV cache in device memory, bf16 (<see cref="KvCacheDtype.Auto"/>) or fp8 e4m3 (<see cref="KvCacheDtype.Fp8"/>, see
/// kv_fp8.cu): keys and values each [NumLayers, NumBlocks · BlockSize, NumKvHeads · HeadDim], one allocation for each.
/// </summary>
public sealed class CudaKvCache : PagedKvCache
{
    private readonly DeviceBuffer _keys;
    private readonly DeviceBuffer _values;

    public CudaKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim, KvCacheDtype dtype = KvCacheDtype.Auto)
        : base(numLayers, numBlocks, blockSize, numKvHeads, headDim, dtype)
    {
        LayerBytes = (long)numBlocks * blockSize * numKvHeads * headDim * ElementBytes(dtype);
        _keys = new DeviceBuffer(LayerBytes * numLayers);
        try
        {
            _values = new DeviceBuffer(LayerBytes * numLayers);
        }
        catch
        {
            _keys.Dispose();
            throw;
        }
    }

    /// <summary>Bytes per stored element of <paramref name="dtype"/> on the GPU: 2 (bf16) or 1 (fp8).</summary>
    public static int ElementBytes(KvCacheDtype dtype) => dtype == KvCacheDtype.Fp8 ? 1 : sizeof(ushort);

    /// <summary>Bytes of one layer's keys (or values).</summary>
    public long LayerBytes { get; }

    /// <summary>Device address of <paramref name="layer"/>'s keys.</summary>
    public ulong Keys(int layer) => _keys.Pointer + ((ulong)layer * (ulong)LayerBytes);

    /// <summary>Device address of <paramref name="layer"/>'s values.</summary>
    public ulong Values(int layer) => _values.Pointer + ((ulong)layer * (ulong)LayerBytes);

    protected override void Dispose(bool disposing)
    {
        _keys.Dispose();
        _values.Dispose();
        base.Dispose(disposing);
    }
}
