namespace Sluice.Controllers.Slo;

/// <summary>The two per-replica levers: max batch size (governs TPOT) and admitted request rate (governs TTFT; null = unlimited).</summary>
public sealed record TuningPoint(int MaxBatchSize, double? MaxRequestRatePerSecond);
