namespace Sluice.Controllers.Slo;

/// <summary>The user's latency limits: TTFT and TPOT at <paramref name="Percentile"/> (50..99.9).</summary>
public sealed record SloTargets(double TtftSeconds, double TpotSeconds, double Percentile)
{
    /// <summary>The percentile as a quantile (0..1).</summary>
    public double Quantile => Percentile / 100;

    /// <summary>The limits as the engine judges finished requests with them: an unset (infinite) target is null, "no limit".</summary>
    public (double? TtftSeconds, double? TpotSeconds) EngineLimits =>
        (double.IsFinite(TtftSeconds) ? TtftSeconds : null, double.IsFinite(TpotSeconds) ? TpotSeconds : null);
}
