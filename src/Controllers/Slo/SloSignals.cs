namespace Sluice.Controllers.Slo;

/// <summary>What one control period observed for one deployment (per replica where it says so).</summary>
/// <param name="TtftSeconds">TTFT at the SLO percentile over the control window; null when no request finished.</param>
/// <param name="TpotSeconds">TPOT at the SLO percentile; null when no request finished.</param>
/// <param name="DemandRatePerSecond">Arrivals per replica per second, 429-rejected ones included.</param>
/// <param name="RejectedRatePerSecond">Arrivals per replica per second refused by the rate limit or a full queue.</param>
/// <param name="RequestsWaiting">Queued requests per replica (newest gauge).</param>
/// <param name="RequestsRunning">Running requests per replica (newest gauge).</param>
public sealed record SloSignals(
    double? TtftSeconds,
    double? TpotSeconds,
    double DemandRatePerSecond,
    double RejectedRatePerSecond,
    double RequestsWaiting,
    double RequestsRunning)
{
    /// <summary>Requests per replica per second that were let in.</summary>
    public double AdmittedRatePerSecond => Math.Max(0, DemandRatePerSecond - RejectedRatePerSecond);
}
