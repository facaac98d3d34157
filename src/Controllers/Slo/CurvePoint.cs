namespace Sluice.Controllers.Slo;

/// <summary>One measured point of a profiling sweep: the lever setting and the percentiles it produced.</summary>
/// <param name="MaxBatchSize">Batch size the replica ran with.</param>
/// <param name="RequestRatePerSecond">Offered request rate (null for a closed-loop batch point).</param>
/// <param name="TtftSeconds">TTFT at the SLO percentile.</param>
/// <param name="TpotSeconds">TPOT at the SLO percentile.</param>
/// <param name="OutputTokensPerSecond">Generated tokens per second (of a rate point: while it sent, see <see cref="RatePointMeasure"/>).</param>
/// <param name="ProjectedTtftSeconds">Of a rate point: TTFT where its queue was heading (<see cref="RatePointMeasure.ProjectedTtftSeconds"/>); null for batch points.</param>
/// <param name="CompletedPerSecond">Of a rate point: requests completed per second while it sent; null for batch points.</param>
public sealed record CurvePoint(
    int MaxBatchSize, double? RequestRatePerSecond, double TtftSeconds, double TpotSeconds, double OutputTokensPerSecond, double? ProjectedTtftSeconds = null, double? CompletedPerSecond = null)
{
    /// <summary>True when the point kept TTFT, projected where known, within limit × (1 − <paramref name="safetyMargin"/>).</summary>
    public bool HoldsTtft(double ttftLimitSeconds, double safetyMargin) => (ProjectedTtftSeconds ?? TtftSeconds) <= ttftLimitSeconds * (1 - safetyMargin);
}
