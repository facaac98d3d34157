using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// bf16 paged KV cache in device memory: keys and values each [NumLayers, NumBlocks · BlockSize, NumKvHeads · HeadDim],
/// one allocation for each.
/// </summary>
public sealed class CudaKvCache : PagedKvCache
{
    private readonly DeviceBuffer _keys;
    private readonly DeviceBuffer _values;

    public CudaKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim)
        : base(numLayers, numBlocks, blockSize, numKvHeads, headDim)
    {
        LayerBytes = (long)numBlocks * blockSize * numKvHeads * headDim * sizeof(ushort);
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
