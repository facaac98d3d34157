using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>Times work queued on a stream with a pair of CUDA events.</summary>
public sealed class EventTimer : IDisposable
{
    private nint _start;
    private nint _stop;

    public EventTimer()
    {
        Check(cuEventCreate(out _start, 0), nameof(cuEventCreate));
        Check(cuEventCreate(out _stop, 0), nameof(cuEventCreate));
    }

    /// <summary>Milliseconds the stream spent on <paramref name="work"/> (queued between the two events).</summary>
    public float Time(nint stream, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Check(cuEventRecord(_start, stream), nameof(cuEventRecord));
        work();
        Check(cuEventRecord(_stop, stream), nameof(cuEventRecord));
        Check(cuEventSynchronize(_stop), nameof(cuEventSynchronize));
        Check(cuEventElapsedTime(out var ms, _start, _stop), nameof(cuEventElapsedTime));
        return ms;
    }

    public void Dispose()
    {
        if (_start != 0)
        {
            _ = cuEventDestroy(_start);
            _ = cuEventDestroy(_stop);
            _start = _stop = 0;
        }
    }
}
