using System.Runtime.InteropServices;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>fp32 paged KV cache in native memory: per layer one key and one value array of [NumBlocks, BlockSize, NumKvHeads, HeadDim].</summary>
public sealed unsafe class CpuKvCache : PagedKvCache
{
    private readonly float*[] _keys;
    private readonly float*[] _values;

    public CpuKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim)
        : base(numLayers, numBlocks, blockSize, numKvHeads, headDim)
    {
        var bytesPerLayer = (nuint)((long)numBlocks * blockSize * numKvHeads * headDim * sizeof(float));
        _keys = new float*[numLayers];
        _values = new float*[numLayers];
        try
        {
            for (var layer = 0; layer < numLayers; layer++)
            {
                _keys[layer] = (float*)NativeMemory.AlignedAlloc(bytesPerLayer, 64);
                _values[layer] = (float*)NativeMemory.AlignedAlloc(bytesPerLayer, 64);
                NativeMemory.Clear(_keys[layer], bytesPerLayer);
                NativeMemory.Clear(_values[layer], bytesPerLayer);
            }
        }
        catch (OutOfMemoryException e)
        {
            Dispose(true);
            throw new InvalidOperationException(
                $"cannot allocate a KV cache of {numBlocks} blocks × {blockSize} positions ({2 * numLayers * (long)bytesPerLayer} bytes)", e);
        }
    }

    /// <summary>Elements of one slot: NumKvHeads · HeadDim.</summary>
    public int SlotElements => NumKvHeads * HeadDim;

    /// <summary>Keys of <paramref name="layer"/> at <paramref name="slot"/>: [NumKvHeads · HeadDim].</summary>
    public Span<float> Key(int layer, int slot) => new(_keys[layer] + ((long)slot * SlotElements), SlotElements);

    /// <summary>Values of <paramref name="layer"/> at <paramref name="slot"/>: [NumKvHeads · HeadDim].</summary>
    public Span<float> Value(int layer, int slot) => new(_values[layer] + ((long)slot * SlotElements), SlotElements);

    protected override void Dispose(bool disposing)
    {
        for (var layer = 0; layer < NumLayers; layer++)
        {
            NativeMemory.AlignedFree(_keys[layer]);
            NativeMemory.AlignedFree(_values[layer]);
            _keys[layer] = null;
            _values[layer] = null;
        }

        base.Dispose(disposing);
    }
}
