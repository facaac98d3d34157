namespace Sluice.Engine.Tests.Cuda;

/// <summary>A fact about behaviour without a GPU; skipped on machines that have one.</summary>
public sealed class NoGpuFactAttribute : FactAttribute
{
    public NoGpuFactAttribute()
    {
        if (GpuPresence.Available)
        {
            Skip = "this machine has a GPU; the test covers machines without one";
        }
    }
}
