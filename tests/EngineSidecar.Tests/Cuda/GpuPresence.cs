using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Tests.Cuda;

/// <summary>Whether this machine can run CUDA tests (checked once).</summary>
public static class GpuPresence
{
    private static readonly Lazy<(bool Available, string Reason)> State = new(() =>
    {
        var available = CudaDevice.IsAvailable(out var reason);
        return (available, reason);
    });

    public static bool Available => State.Value.Available;

    public static string SkipReason => $"needs an NVIDIA GPU: {State.Value.Reason} (run `make test-gpu` on a GPU machine)";
}
