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

    /// <summary>Scale-down delay when spec.scaling.scaleDownDelay is absent or unreadable.</summary>
    public TimeSpan DefaultScaleDownDelay { get; init; } = TimeSpan.FromMinutes(5);
}
