namespace Sluice.Controllers.Slo;

/// <summary>What one control period observed for one deployment (per replica where it says so).</summary>
/// <param name="TtftSeconds">TTFT at the SLO percentile over the control window; null when no request finished.</param>
/// <param name="TpotSeconds">TPOT at the SLO percentile; null when no request finished.</param>
/// <param name="DemandRatePerSecond">Arrivals per replica per second, 429-rejected ones included.</param>
/// <param name="RejectedRatePerSecond">Arrivals per replica per second refused by the rate limit or a full queue.</param>
/// <param name="RequestsWaiting">Queued requests per replica (newest gauge).</param>
/// <param name="RequestsRunning">Running requests per replica (newest gauge).</param>
/// <param name="RecentCompletedRatePerSecond">Requests per replica per second that ended without being refused over the
/// last scrape interval only (null when unknown): what the replica completed lately, its capacity while requests waited
/// throughout that interval.</param>
public sealed record SloSignals(
    double? TtftSeconds,
    double? TpotSeconds,
    double DemandRatePerSecond,
    double RejectedRatePerSecond,
    double RequestsWaiting,
    double RequestsRunning,
    double? RecentCompletedRatePerSecond = null)
{
    /// <summary>
    /// Requests per replica per second that ended in the window without being refused (the engine counts a request when it
    /// ends): the replica's completion rate over the window, not the rate requests were let in at.
    /// </summary>
    public double AdmittedRatePerSecond => Math.Max(0, DemandRatePerSecond - RejectedRatePerSecond);
}
