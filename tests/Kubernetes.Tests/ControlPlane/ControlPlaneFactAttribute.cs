namespace Sluice.Kubernetes.Tests.ControlPlane;

/// <summary>
/// A test that needs the real control plane. It runs (and fails clearly when the binaries are missing)
/// unless SLUICE_SKIP_CONTROL_PLANE=1, which skips it with that reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ControlPlaneFactAttribute : FactAttribute
{
    public ControlPlaneFactAttribute() => Skip = ControlPlaneBinaries.SkipReason;
}

/// <summary>A theory that needs the real control plane; skipped like <see cref="ControlPlaneFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ControlPlaneTheoryAttribute : TheoryAttribute
{
    public ControlPlaneTheoryAttribute() => Skip = ControlPlaneBinaries.SkipReason;
}
