using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Staging;

/// <summary>Fills the host part of a tensor's bytes: <paramref name="destination"/> gets the stored bytes from <paramref name="offsetBytes"/> on.</summary>
public delegate void ChunkReader(long offsetBytes, Span<byte> destination);

/// <summary>
/// Streams tensors to the device through an <see cref="IStagingRing"/>: chunk k of the whole sequence of tensors goes through
/// buffer k mod Count, so the host reads the next chunk while the device copies the previous ones, also across tensors.
/// Host memory stays the ring's, whatever the tensor's size. Not thread-safe.
/// </summary>
public sealed class StagedUploader(IStagingRing ring)
{
    private int _next;

    /// <summary>
    /// Queues <paramref name="elements"/> elements of <paramref name="dtype"/>, obtained from <paramref name="read"/>, into the
    /// bf16 tensor at device address <paramref name="destination"/>. Returns when the last chunk is queued (not copied:
    /// see <see cref="IStagingRing.Drain"/>).
    /// </summary>
    public void Upload(ulong destination, long elements, WeightDtype dtype, ChunkReader read)
    {
        ArgumentNullException.ThrowIfNull(read);
        foreach (var chunk in StagingPlan.Chunks(elements, dtype.SizeBytes(), ring.BufferBytes))
        {
            var buffer = _next;
            _next = (_next + 1) % ring.Count;
            read(chunk.SourceOffsetBytes, ring.Acquire(buffer)[..chunk.Bytes]);
            ring.Submit(buffer, chunk, destination, dtype);
        }
    }
}
