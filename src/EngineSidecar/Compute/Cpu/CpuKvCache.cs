using System.Runtime.InteropServices;

using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>
/// Paged KV cache in native memory: per layer one key and one value array of [NumBlocks, BlockSize, NumKvHeads, HeadDim],
/// of fp32 (<see cref="KvCacheDtype.Auto"/>) or fp8 e4m3 bytes scaled per layer (<see cref="KvCacheDtype.Fp8"/>).
/// Writers and readers go through <see cref="Write"/> and <see cref="Read"/>, which encode and decode.
/// </summary>
public sealed unsafe class CpuKvCache : PagedKvCache
{
    private readonly byte*[] _keys;
    private readonly byte*[] _values;
    private readonly int _elementBytes;

    public CpuKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim, KvCacheDtype dtype = KvCacheDtype.Auto)
        : base(numLayers, numBlocks, blockSize, numKvHeads, headDim, dtype)
    {
        _elementBytes = ElementBytes(dtype);
        var bytesPerLayer = (nuint)((long)numBlocks * blockSize * numKvHeads * headDim * _elementBytes);
        _keys = new byte*[numLayers];
        _values = new byte*[numLayers];
        try
        {
            for (var layer = 0; layer < numLayers; layer++)
            {
                _keys[layer] = (byte*)NativeMemory.AlignedAlloc(bytesPerLayer, 64);
                _values[layer] = (byte*)NativeMemory.AlignedAlloc(bytesPerLayer, 64);
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

    /// <summary>Bytes per stored element of <paramref name="dtype"/> on the CPU: 4 (fp32) or 1 (fp8).</summary>
    public static int ElementBytes(KvCacheDtype dtype) => dtype == KvCacheDtype.Fp8 ? 1 : sizeof(float);

    /// <summary>Stores <paramref name="source"/> ([SlotElements]) as the keys (or values) of <paramref name="layer"/> at <paramref name="slot"/>.</summary>
    public void Write(bool keys, int layer, int slot, ReadOnlySpan<float> source)
    {
        var at = Address(keys, layer, slot, 0);
        if (Dtype != KvCacheDtype.Fp8)
        {
            source[..SlotElements].CopyTo(new Span<float>(at, SlotElements));
            return;
        }

        var inverse = 1f / (keys ? KeyScales[layer] : ValueScales[layer]);
        var bytes = new Span<byte>(at, SlotElements);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = Fp8E4M3.Encode(source[i] * inverse);
        }
    }

    /// <summary>
    /// Elements [offset, offset + count) of the keys (or values) of <paramref name="layer"/> at <paramref name="slot"/>,
    /// as fp32: the stored span itself, or decoded into <paramref name="scratch"/> (≥ count) for fp8.
    /// </summary>
    public ReadOnlySpan<float> Read(bool keys, int layer, int slot, int offset, int count, Span<float> scratch)
    {
        var at = Address(keys, layer, slot, offset);
        if (Dtype != KvCacheDtype.Fp8)
        {
            return new ReadOnlySpan<float>(at, count);
        }

        var scale = keys ? KeyScales[layer] : ValueScales[layer];
        var bytes = new ReadOnlySpan<byte>(at, count);
        var destination = scratch[..count];
        for (var i = 0; i < count; i++)
        {
            destination[i] = Fp8E4M3.Decode(bytes[i]) * scale;
        }

        return destination;
    }

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

    private byte* Address(bool keys, int layer, int slot, int offset) =>
        (keys ? _keys[layer] : _values[layer]) + ((((long)slot * SlotElements) + offset) * _elementBytes);
}
