using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Slo;

/// <summary>The memory the control loop keeps per deployment between periods.</summary>
internal sealed class DeploymentSloState(TimeSpan window, TunerSettings tunerSettings)
{
    public MetricsWindow Window { get; } = new(window);

    public OnlineTuner Tuner { get; } = new(tunerSettings);

    public ReplicaAutoscaler Autoscaler { get; } = new();

    /// <summary>Serializes periods of one deployment (reconciles of one key never overlap, but be safe).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
