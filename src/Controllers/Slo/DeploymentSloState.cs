using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Slo;

/// <summary>The memory the control loop keeps per deployment between periods.</summary>
internal sealed class DeploymentSloState(TimeSpan window, TunerSettings tunerSettings)
{
    public MetricsWindow Window { get; } = new(window);

    public OnlineTuner Tuner { get; } = new(tunerSettings);

    public ReplicaAutoscaler Autoscaler { get; } = new();

    /// <summary>The growth of the waiting queue over the control window (demand the ended-request counts do not show yet).</summary>
    public QueueTrend Queue { get; } = new(tunerSettings.Window);

    /// <summary>Serializes periods of one deployment (reconciles of one key never overlap, but be safe).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
