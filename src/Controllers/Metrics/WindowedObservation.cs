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
/// <param name="SloJudged">Requests the engines judged against their pushed SLO limits in the window; null when some pod exports no such counter.</param>
/// <param name="SloWithin">Of those, the requests within both limits; null like <paramref name="SloJudged"/>.</param>
public sealed record WindowedObservation(
    Histogram Ttft,
    Histogram Tpot,
    double DemandRatePerSecond,
    double RejectedRatePerSecond,
    double TokensPerSecond,
    double RequestsRunning,
    double RequestsWaiting,
    double KvCacheUsageRatio,
    int Pods,
    double? SloJudged = null,
    double? SloWithin = null)
{
    /// <summary>True when <see cref="SloAttainment"/> is the engines' exact count rather than the bound from the marginal histograms.</summary>
    public bool SloAttainmentExact => SloJudged is > 0 && SloWithin is not null;

    /// <summary>
    /// The fraction of finished requests within both limits. Exact (<see cref="SloAttainmentExact"/>) when the engines
    /// judged requests in the window against the limits the operator pushed to them: within / judged. Otherwise a lower
    /// bound from bucket counts: 1 − P(TTFT &gt; limit) − P(TPOT &gt; limit) (the histograms are marginal, so the joint
    /// is bounded, not known). Null when no request finished in the window.
    /// </summary>
    public double? SloAttainment(double ttftLimitSeconds, double tpotLimitSeconds)
    {
        if (SloAttainmentExact)
        {
            return Math.Clamp(SloWithin!.Value / SloJudged!.Value, 0, 1);
        }

        var ttftOk = Ttft.FractionAtOrBelow(ttftLimitSeconds);
        if (ttftOk is null)
        {
            return null;
        }

        var tpotOk = Tpot.FractionAtOrBelow(tpotLimitSeconds) ?? 1;
        return Math.Max(0, 1 - (1 - ttftOk.Value) - (1 - tpotOk));
    }
}
