using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>A device allocation of <see cref="Bytes"/> bytes at <see cref="Pointer"/>; freed on dispose.</summary>
public sealed unsafe class DeviceBuffer : IDisposable
{
    /// <summary>Allocates <paramref name="bytes"/> (at least 1) bytes of device memory; throws naming cuMemAlloc when out of memory.</summary>
    public DeviceBuffer(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Bytes = Math.Max(bytes, 1);
        Check(cuMemAlloc(out var pointer, (nuint)Bytes), $"cuMemAlloc({Bytes} bytes)");
        Pointer = pointer;
    }

    /// <summary>CUdeviceptr of the first byte (256-byte aligned).</summary>
    public ulong Pointer { get; private set; }

    public long Bytes { get; }

    /// <summary>Copies <paramref name="source"/> to the start of the buffer (synchronous, pageable memory).</summary>
    public void Upload<T>(ReadOnlySpan<T> source)
        where T : unmanaged
    {
        var bytes = (long)source.Length * sizeof(T);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Bytes);
        fixed (T* p = source)
        {
            Check(cuMemcpyHtoD(Pointer, p, (nuint)bytes), nameof(cuMemcpyHtoD));
        }
    }

    /// <summary>Copies the start of the buffer into <paramref name="destination"/> (synchronous; waits for the legacy stream).</summary>
    public void Download<T>(Span<T> destination)
        where T : unmanaged
    {
        var bytes = (long)destination.Length * sizeof(T);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Bytes);
        fixed (T* p = destination)
        {
            Check(cuMemcpyDtoH(p, Pointer, (nuint)bytes), nameof(cuMemcpyDtoH));
        }
    }

    public void Dispose()
    {
        if (Pointer != 0)
        {
            _ = cuMemFree(Pointer);
            Pointer = 0;
        }
    }
}
