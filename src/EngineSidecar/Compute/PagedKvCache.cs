using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute;

/// <summary>
/// Backend-owned paged KV cache. Per layer, keys and values are each [NumBlocks, BlockSize, NumKvHeads, HeadDim];
/// position p of a sequence lives in slot blockTable[p / BlockSize] · BlockSize + p % BlockSize.
/// With <see cref="KvCacheDtype.Fp8"/> a slot holds e4m3(x / scale) with the layer's <see cref="KeyScales"/> /
/// <see cref="ValueScales"/> (1 unless set before the first write).
/// </summary>
public abstract class PagedKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim, KvCacheDtype dtype = KvCacheDtype.Auto) : IDisposable
{
    public int NumLayers { get; } = numLayers;

    public int NumBlocks { get; } = numBlocks;

    public int BlockSize { get; } = blockSize;

    public int NumKvHeads { get; } = numKvHeads;

    public int HeadDim { get; } = headDim;

    /// <summary>How slots are stored.</summary>
    public KvCacheDtype Dtype { get; } = dtype;

    /// <summary>Per layer: keys are stored divided by this (fp8 only). [NumLayers].</summary>
    public float[] KeyScales { get; } = Enumerable.Repeat(1f, numLayers).ToArray();

    /// <summary>Per layer: values are stored divided by this (fp8 only). [NumLayers].</summary>
    public float[] ValueScales { get; } = Enumerable.Repeat(1f, numLayers).ToArray();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
