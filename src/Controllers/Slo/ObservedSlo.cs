namespace Sluice.Controllers.Slo;

/// <summary>What the deployment delivered over the observation window (written to status.observed).</summary>
/// <param name="TtftSeconds">TTFT at the SLO percentile; null when no request finished.</param>
/// <param name="TpotSeconds">TPOT at the SLO percentile; null when no request finished.</param>
/// <param name="RequestRatePerSecond">Arrivals per second, 429-rejected ones included.</param>
/// <param name="TokensPerSecond">Generated tokens per second.</param>
/// <param name="Queue">Requests waiting across the pods.</param>
/// <param name="SloAttainment">Share of finished requests within both limits: exact when the engines judged them against the pushed limits, else a lower bound from the marginal histograms; null with no requests.</param>
/// <param name="SloAttainmentExact">True when <paramref name="SloAttainment"/> is the engines' exact count.</param>
/// <param name="KvCacheUsageRatio">Mean KV cache usage of the pods.</param>
public sealed record ObservedSlo(
    double? TtftSeconds, double? TpotSeconds, double RequestRatePerSecond, double TokensPerSecond, double Queue, double? SloAttainment, double KvCacheUsageRatio, bool SloAttainmentExact = false)
{
    /// <summary>True when both percentiles are known and within their limits.</summary>
    public bool Meets(SloTargets targets) =>
        TtftSeconds is { } ttft && TpotSeconds is { } tpot && ttft <= targets.TtftSeconds && tpot <= targets.TpotSeconds;
}
