namespace Sluice.Controllers.Slo;

/// <summary>One measured point of a profiling sweep: the lever setting and the percentiles it produced.</summary>
/// <param name="MaxBatchSize">Batch size the replica ran with.</param>
/// <param name="RequestRatePerSecond">Offered request rate (null for a closed-loop batch point).</param>
/// <param name="TtftSeconds">TTFT at the SLO percentile.</param>
/// <param name="TpotSeconds">TPOT at the SLO percentile.</param>
/// <param name="OutputTokensPerSecond">Generated tokens per second.</param>
public sealed record CurvePoint(int MaxBatchSize, double? RequestRatePerSecond, double TtftSeconds, double TpotSeconds, double OutputTokensPerSecond);
