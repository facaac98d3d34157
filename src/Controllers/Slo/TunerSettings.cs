namespace Sluice.Controllers.Slo;

/// <summary>Knobs of the online tuner's rules (see docs/slo-control.md).</summary>
/// <param name="Hysteresis">A lever steps up only while its percentile is below limit × (1 − Hysteresis).</param>
/// <param name="DecreaseFactor">Multiplicative step down on a breach (0..1).</param>
/// <param name="BatchStep">Additive step up of max batch size.</param>
/// <param name="RateStepFraction">Additive step up of the request rate, as a fraction of the current rate…</param>
/// <param name="MinRateStepPerSecond">…but at least this many requests per second.</param>
/// <param name="Cooldown">Least time between two changes of one lever (lets the window see the new setting).</param>
/// <param name="ProbeInterval">After a breach at setting X, steps up stop below X until this much time has passed.</param>
/// <param name="RateMargin">A rate cut on a growing queue goes to the replica's measured completion rate × (1 − RateMargin).</param>
/// <param name="ControlWindow">The window the percentiles are taken over: a rate cut on TTFT alone (no queue) waits this long after
/// the last rate change, so that the window holds only requests admitted at the current rate.</param>
public sealed record TunerSettings(
    double Hysteresis,
    double DecreaseFactor,
    int BatchStep,
    double RateStepFraction,
    double MinRateStepPerSecond,
    TimeSpan Cooldown,
    TimeSpan ProbeInterval,
    double RateMargin = 0.05,
    TimeSpan? ControlWindow = null)
{
    /// <summary>
    /// Defaults: 10 % hysteresis, ×0.7 down, +1 batch / +5 % rate up, 15 s cooldown, 5 min before re-probing a breached level,
    /// rate cuts on a queue to 95 % of the completion rate, a 20 s control window.
    /// </summary>
    public static TunerSettings Default { get; } = new(0.1, 0.7, 1, 0.05, 0.25, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));

    /// <summary>The control window (20 s unless set).</summary>
    public TimeSpan Window => ControlWindow ?? TimeSpan.FromSeconds(20);
}
