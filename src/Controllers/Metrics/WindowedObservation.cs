namespace Sluice.Controllers.Metrics;

/// <summary>
/// Activity over a time window, summed over the pods of one deployment: histogram deltas (for
/// percentiles), rates (the pods' counts summed over the longest pod span in the window, so a pod that joined
/// late adds its arrivals rather than its own short-span rate), and the newest gauges.
/// </summary>
/// <param name="DemandRatePerSecond">Requests per second that ended in the window, including the ones refused
/// with 429 (they are demand); invalid requests are not demand.</param>
/// <param name="RejectedRatePerSecond">Requests per second refused by the admitted-rate limit or a full queue.</param>
/// <param name="TokensPerSecond">Generated tokens per second.</param>
/// <param name="RequestsWaiting">Sum of the pods' newest waiting-queue gauges.</param>
/// <param name="KvCacheUsageRatio">Mean of the pods' newest KV usage gauges.</param>
public sealed record WindowedObservation(
    Histogram Ttft,
    Histogram Tpot,
    double DemandRatePerSecond,
    double RejectedRatePerSecond,
    double TokensPerSecond,
    double RequestsRunning,
    double RequestsWaiting,
    double KvCacheUsageRatio,
    int Pods)
{
    /// <summary>
    /// Lower bound of the fraction of requests within both limits, from bucket counts:
    /// 1 − P(TTFT &gt; limit) − P(TPOT &gt; limit) (the histograms are marginal, so the joint is bounded, not known).
    /// Null when no request finished in the window.
    /// </summary>
    public double? SloAttainment(double ttftLimitSeconds, double tpotLimitSeconds)
    {
        var ttftOk = Ttft.FractionAtOrBelow(ttftLimitSeconds);
        if (ttftOk is null)
        {
            return null;
        }

        var tpotOk = Tpot.FractionAtOrBelow(tpotLimitSeconds) ?? 1;
        return Math.Max(0, 1 - (1 - ttftOk.Value) - (1 - tpotOk));
    }
}
