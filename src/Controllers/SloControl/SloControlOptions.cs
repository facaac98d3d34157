namespace Sluice.Controllers.SloControl;

/// <summary>Pace and defaults of the operator's SLO controller (see docs/slo-control.md).</summary>
public sealed class SloControlOptions
{
    /// <summary>Time between two control periods of one deployment.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Window of status.observed and the SloMet condition.</summary>
    public TimeSpan StatusWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Shorter window the levers react to.</summary>
    public TimeSpan ControlWindow { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Upper end of an <c>auto</c> max batch size.</summary>
    public int MaxBatchSizeCeiling { get; init; } = 256;

    /// <summary>The batch size an <c>auto</c> lever starts from before the tuner has spoken (the engine's default).</summary>
    public int InitialBatchSize { get; init; } = 32;

    /// <summary>Lower end of an <c>auto</c> request rate, requests per second per replica.</summary>
    public double MinRequestRatePerSecond { get; init; } = 0.25;

    /// <summary>Share of a replica's tuned rate the autoscaler plans for.</summary>
    public double TargetUtilization { get; init; } = 0.8;

    /// <summary>Least time between two one-replica steps down.</summary>
    public TimeSpan ScaleDownStepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time box of the profiling sweep run when a deployment first has a ready pod and after each spec change; zero turns profiling off.</summary>
    public TimeSpan ProfilingBudget { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Share of each SLO limit the profiled starting point keeps free.</summary>
    public double ProfilingSafetyMargin { get; init; } = 0.1;

    /// <summary>Largest batch the profiling sweep tries when the engine does not export its KV capacity (with the gauge, the bound is capacity / workload tokens, up to <see cref="MaxBatchSizeCeiling"/>).</summary>
    public int ProfilingMaxBatchSize { get; init; } = 64;

    /// <summary>Request lengths profiled when spec.workload gives none.</summary>
    public int DefaultWorkloadTokens { get; init; } = 128;

    /// <summary>
    /// Least time between two rolling restarts of a proxied runtime's pods by the batch lever (a restart reloads the model, so
    /// it is rate-limited; the next one also waits until the previous one rolled out).
    /// </summary>
    public TimeSpan BatchRestartInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Scale-down delay when spec.scaling.scaleDownDelay is absent or unreadable.</summary>
    public TimeSpan DefaultScaleDownDelay { get; init; } = TimeSpan.FromMinutes(5);
}
