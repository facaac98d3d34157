namespace Sluice.Engine.Compute.Cuda;

// Kernel launches, the thread's context, and the casts from backend-neutral handles to the CUDA ones.
public sealed unsafe partial class CudaBackend
{
    private static CudaActivation Gpu(Activation a) =>
        a as CudaActivation ?? throw new ArgumentException($"activation of type {a?.GetType().Name} does not belong to the CUDA backend");

    private static CudaWeightMatrix Weight(WeightMatrix w) =>
        w as CudaWeightMatrix ?? throw new ArgumentException($"weight '{w?.Name}' does not belong to the CUDA backend");

    private static CudaKvCache Kv(PagedKvCache c) =>
        c as CudaKvCache ?? throw new ArgumentException("KV cache does not belong to the CUDA backend");

    private void Launch(string kernel, int rows, params ReadOnlySpan<ulong> args)
    {
        EnsureCurrent();
        _module.Launch(kernel, ((uint)rows, 1, 1), RowThreads, Device.Stream, args);
    }

    private void EndProfile(int? mark)
    {
        if (mark is { } m)
        {
            Profiler!.End(m);
        }
    }

    // Row reductions: few rows get 1024 threads each, so that a small batch still spreads over the SMs' lanes.
    private void LaunchRows(string kernel, int rows, params ReadOnlySpan<ulong> args)
    {
        EnsureCurrent();
        _module.Launch(kernel, ((uint)rows, 1, 1), rows < Device.MultiprocessorCount ? 1024u : RowThreads, Device.Stream, args);
    }

    /// <summary>
    /// Makes the device's context current on the calling thread if it is not yet (the context is per thread, and the
    /// engine loop may run on another thread than the one that created the backend). Every op calls it.
    /// </summary>
    public void EnsureCurrent()
    {
        var thread = Environment.CurrentManagedThreadId;
        if (thread != _currentThread)
        {
            Device.MakeCurrent();
            _currentThread = thread;
        }
    }
}
