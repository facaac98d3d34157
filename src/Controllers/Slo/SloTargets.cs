namespace Sluice.Controllers.Slo;

/// <summary>The user's latency limits: TTFT and TPOT at <paramref name="Percentile"/> (50..99.9).</summary>
public sealed record SloTargets(double TtftSeconds, double TpotSeconds, double Percentile)
{
    /// <summary>The percentile as a quantile (0..1).</summary>
    public double Quantile => Percentile / 100;
}
