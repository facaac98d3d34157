using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Compute.Staging;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Compute.Staging;

/// <summary>
/// A staging ring whose "device" copies happen late: a submitted chunk is converted (to bf16, like convert_to_bf16) only when
/// its buffer is acquired again or the ring is drained, reading the buffer as it is then. A caller that wrote into a buffer
/// before acquiring it therefore corrupts the result, as it would on a GPU. Device memory is one bf16 array per address.
/// </summary>
public sealed class RecordingStagingRing(int count, int bufferBytes) : IStagingRing
{
    private readonly byte[][] _buffers = Enumerable.Range(0, count).Select(_ => new byte[bufferBytes]).ToArray();
    private readonly (StagingChunk Chunk, ulong Destination, WeightDtype Dtype)?[] _pending = new (StagingChunk, ulong, WeightDtype)?[count];

    public int Count => count;

    public int BufferBytes => bufferBytes;

    /// <summary>Device tensors by address; the test allocates them.</summary>
    public Dictionary<ulong, ushort[]> Device { get; } = [];

    /// <summary>Buffers in the order chunks were submitted.</summary>
    public List<int> Submitted { get; } = [];

    /// <summary>Acquisitions that had to wait for a copy in flight.</summary>
    public int Waits { get; private set; }

    public Span<byte> Acquire(int buffer)
    {
        if (_pending[buffer] is not null)
        {
            Waits++;
            Complete(buffer);
        }

        return _buffers[buffer];
    }

    public void Submit(int buffer, StagingChunk chunk, ulong destination, WeightDtype dtype)
    {
        _pending[buffer].Should().BeNull("a buffer is submitted only after it was acquired");
        _pending[buffer] = (chunk, destination, dtype);
        Submitted.Add(buffer);
    }

    public void Drain()
    {
        for (var i = 0; i < count; i++)
        {
            if (_pending[i] is not null)
            {
                Complete(i);
            }
        }
    }

    private void Complete(int buffer)
    {
        var (chunk, destination, dtype) = _pending[buffer]!.Value;
        _pending[buffer] = null;
        var bytes = _buffers[buffer].AsSpan(0, chunk.Bytes);
        var target = Device[destination].AsSpan((int)chunk.FirstElement, chunk.Elements);
        for (var i = 0; i < chunk.Elements; i++)
        {
            target[i] = dtype switch
            {
                WeightDtype.BF16 => BitConverter.ToUInt16(bytes[(2 * i)..]),
                WeightDtype.F16 => Bf16.FromSingle((float)BitConverter.ToHalf(bytes[(2 * i)..])),
                _ => Bf16.FromSingle(BitConverter.ToSingle(bytes[(4 * i)..])),
            };
        }
    }
}
