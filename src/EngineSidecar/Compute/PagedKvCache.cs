namespace Sluice.Engine.Compute;

/// <summary>
/// Backend-owned paged KV cache. Per layer, keys and values are each [NumBlocks, BlockSize, NumKvHeads, HeadDim];
/// position p of a sequence lives in slot blockTable[p / BlockSize] · BlockSize + p % BlockSize.
/// </summary>
public abstract class PagedKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim) : IDisposable
{
    public int NumLayers { get; } = numLayers;

    public int NumBlocks { get; } = numBlocks;

    public int BlockSize { get; } = blockSize;

    public int NumKvHeads { get; } = numKvHeads;

    public int HeadDim { get; } = headDim;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
