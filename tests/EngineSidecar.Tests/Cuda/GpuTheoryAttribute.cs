namespace Sluice.Engine.Tests.Cuda;

/// <summary>A theory that runs only where a CUDA driver and GPU are present; elsewhere it is skipped with the reason.</summary>
public sealed class GpuTheoryAttribute : TheoryAttribute
{
    public GpuTheoryAttribute()
    {
        if (!GpuPresence.Available)
        {
            Skip = GpuPresence.SkipReason;
        }
    }
}
