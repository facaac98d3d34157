namespace Sluice.Controllers.Slo;

/// <summary>One control period's view of one deployment, assembled by the reconciler from the cluster.</summary>
/// <param name="ReadyPods">Engine pods that are ready now.</param>
/// <param name="CurrentPoint">The levers in force (from status.tuning, or the spec's start values).</param>
/// <param name="CurrentReplicas">The replica count the operator last set.</param>
/// <param name="AdminToken">Bearer token of the pods' /admin/config.</param>
/// <param name="ProfiledRatePerReplica">Per-replica rate measured by the profiling sweep, when one ran; the fallback capacity for scaling while the rate lever is unlimited.</param>
/// <param name="RuntimeMetrics">A proxied runtime's metric names; null for the sluice engine's own contract.</param>
/// <param name="BatchLeverLive">False when the pods' batch limit changes only by a restart: the loop then pushes each pod the limit it runs (the proxy refuses others).</param>
public sealed record SloControlInput(
    IReadOnlyList<EnginePod> ReadyPods,
    SloTargets Targets,
    LeverBounds Bounds,
    ScalingSettings Scaling,
    TuningPoint CurrentPoint,
    int CurrentReplicas,
    string AdminToken,
    double? ProfiledRatePerReplica,
    Runtimes.RuntimeMetricNames? RuntimeMetrics = null,
    bool BatchLeverLive = true);
