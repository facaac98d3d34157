using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// Page-locked host memory (cuMemAllocHost) of <see cref="Bytes"/> bytes at <see cref="Pointer"/>. Asynchronous copies
/// between it and the device do not block the host (from pageable memory they may). Freed on dispose.
/// </summary>
public sealed unsafe class PinnedBuffer : IDisposable
{
    /// <summary>Allocates <paramref name="bytes"/> (at least 1) bytes; needs a current context; throws naming cuMemAllocHost on failure.</summary>
    public PinnedBuffer(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Bytes = Math.Max(bytes, 1);
        Check(cuMemAllocHost(out var pointer, (nuint)Bytes), $"cuMemAllocHost({Bytes} bytes)");
        Pointer = pointer;
    }

    /// <summary>Host address of the first byte; 0 once disposed.</summary>
    public nint Pointer { get; private set; }

    public long Bytes { get; }

    /// <summary>The <paramref name="count"/> values of type <typeparamref name="T"/> starting <paramref name="offsetBytes"/> bytes in.</summary>
    public Span<T> Slice<T>(long offsetBytes, int count)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(Pointer == 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offsetBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offsetBytes + ((long)count * sizeof(T)), Bytes, nameof(count));
        return new Span<T>((byte*)Pointer + offsetBytes, count);
    }

    public void Dispose()
    {
        if (Pointer != 0)
        {
            _ = cuMemFreeHost(Pointer);
            Pointer = 0;
        }
    }
}
