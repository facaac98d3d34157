using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// An instantiated CUDA graph made by capturing the work one callback queues on a stream; replaying it queues the
/// same kernels with the same arguments (device addresses included) in one launch.
/// </summary>
public sealed class CudaGraph : IDisposable
{
    private nint _exec;

    private CudaGraph(nint exec) => _exec = exec;

    /// <summary>
    /// Captures what <paramref name="work"/> queues on <paramref name="stream"/> (it must not synchronize, allocate or
    /// copy synchronously) and instantiates it.
    /// </summary>
    public static CudaGraph Capture(nint stream, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Check(cuStreamBeginCapture(stream, CaptureModeThreadLocal), nameof(cuStreamBeginCapture));
        nint graph;
        try
        {
            work();
        }
        finally
        {
            Check(cuStreamEndCapture(stream, out graph), nameof(cuStreamEndCapture));
        }

        try
        {
            Check(cuGraphInstantiateWithFlags(out var exec, graph, 0), nameof(cuGraphInstantiateWithFlags));
            return new CudaGraph(exec);
        }
        finally
        {
            _ = cuGraphDestroy(graph);
        }
    }

    /// <summary>Queues one replay on <paramref name="stream"/>.</summary>
    public void Launch(nint stream) => Check(cuGraphLaunch(_exec, stream), nameof(cuGraphLaunch));

    public void Dispose()
    {
        if (_exec != 0)
        {
            _ = cuGraphExecDestroy(_exec);
            _exec = 0;
        }
    }
}
