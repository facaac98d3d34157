namespace Sluice.Controllers.Slo;

/// <summary>Knobs of the online tuner's rules (see docs/slo-control.md).</summary>
/// <param name="Hysteresis">A lever steps up only while its percentile is below limit × (1 − Hysteresis).</param>
/// <param name="DecreaseFactor">Multiplicative step down on a breach (0..1).</param>
/// <param name="BatchStep">Additive step up of max batch size.</param>
/// <param name="RateStepFraction">Additive step up of the request rate, as a fraction of the current rate…</param>
/// <param name="MinRateStepPerSecond">…but at least this many requests per second.</param>
/// <param name="Cooldown">Least time between two changes of one lever (lets the window see the new setting).</param>
/// <param name="ProbeInterval">After a breach at setting X, steps up stop below X until this much time has passed.</param>
public sealed record TunerSettings(
    double Hysteresis,
    double DecreaseFactor,
    int BatchStep,
    double RateStepFraction,
    double MinRateStepPerSecond,
    TimeSpan Cooldown,
    TimeSpan ProbeInterval)
{
    /// <summary>Defaults: 10 % hysteresis, ×0.7 down, +1 batch / +5 % rate up, 15 s cooldown, 5 min before re-probing a breached level.</summary>
    public static TunerSettings Default { get; } = new(0.1, 0.7, 1, 0.05, 0.25, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5));
}
