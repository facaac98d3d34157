using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Staging;

/// <summary>
/// A ring of <see cref="Count"/> host staging buffers of <see cref="BufferBytes"/> bytes whose contents a device copies
/// (and converts to bf16) asynchronously. A buffer handed to <see cref="Submit"/> must not be written again before
/// <see cref="Acquire"/> returns it, which waits for its previous copy.
/// </summary>
public interface IStagingRing
{
    /// <summary>Number of buffers (2 or more for reading to overlap copying).</summary>
    int Count { get; }

    /// <summary>Bytes per buffer.</summary>
    int BufferBytes { get; }

    /// <summary>Waits until buffer <paramref name="buffer"/>'s previous copy has finished and returns its memory.</summary>
    Span<byte> Acquire(int buffer);

    /// <summary>
    /// Queues the copy of <paramref name="chunk"/>'s bytes, at the start of buffer <paramref name="buffer"/>, into elements
    /// [chunk.FirstElement, …) of the bf16 tensor at device address <paramref name="destination"/>, converting from
    /// <paramref name="dtype"/> on the device; returns without waiting.
    /// </summary>
    void Submit(int buffer, StagingChunk chunk, ulong destination, WeightDtype dtype);

    /// <summary>Waits for every queued copy.</summary>
    void Drain();
}
