using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.E2E.SloDemo;

/// <summary>
/// The recorded SLO-control run behind docs/slo-control.md's plot: minutes long, so it runs only when
/// <see cref="DirectoryVariable"/> names the folder to write the recording to (<c>make slo-demo</c> sets it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SloDemoFactAttribute : FactAttribute
{
    public const string DirectoryVariable = "SLUICE_SLO_DEMO_DIR";

    public SloDemoFactAttribute()
    {
        if (ControlPlaneBinaries.SkipRequested)
        {
            Skip = $"{ControlPlaneBinaries.SkipVariable}=1: control-plane tests skipped on request";
        }
        else if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(DirectoryVariable)))
        {
            Skip = $"a minutes-long recording; set {DirectoryVariable} to the output folder (make slo-demo) to run it";
        }
    }
}
