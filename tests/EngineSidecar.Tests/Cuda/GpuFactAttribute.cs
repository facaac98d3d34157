namespace Sluice.Engine.Tests.Cuda;

/// <summary>A fact that runs only where a CUDA driver and GPU are present; elsewhere it is skipped with the reason.</summary>
public sealed class GpuFactAttribute : FactAttribute
{
    public GpuFactAttribute()
    {
        if (!GpuPresence.Available)
        {
            Skip = GpuPresence.SkipReason;
        }
    }
}
