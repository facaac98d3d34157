namespace Sluice.Controllers.Slo;

/// <summary>The replica autoscaler's bounds and pace.</summary>
/// <param name="TargetUtilization">Share of a replica's tuned rate to plan for (0..1], headroom for bursts.</param>
/// <param name="ScaleDownDelay">Demand must stay low this long before the count goes down.</param>
/// <param name="ScaleDownStepInterval">Least time between two one-replica steps down.</param>
/// <param name="Paused">When true the count is frozen.</param>
public sealed record ScalingSettings(int MinReplicas, int MaxReplicas, double TargetUtilization, TimeSpan ScaleDownDelay, TimeSpan ScaleDownStepInterval, bool Paused);
