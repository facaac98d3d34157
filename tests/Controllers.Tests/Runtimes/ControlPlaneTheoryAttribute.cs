using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>A theory that needs the real control plane; skipped like <see cref="ControlPlaneFactAttribute"/> when SLUICE_SKIP_CONTROL_PLANE=1.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ControlPlaneTheoryAttribute : TheoryAttribute
{
    public ControlPlaneTheoryAttribute()
    {
        if (ControlPlaneBinaries.SkipRequested)
        {
            Skip = $"{ControlPlaneBinaries.SkipVariable}=1: control-plane tests skipped on request";
        }
    }
}
