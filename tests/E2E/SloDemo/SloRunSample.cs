namespace Sluice.E2E.SloDemo;

/// <summary>
/// One sample of a recorded run. The <c>Window*</c> values are what the levers react to: the engines' /metrics over
/// the operator's 20 s control window, read by the recorder; the <c>Status*</c> values are status.observed (60 s window).
/// Percentiles are null while no request finished in the window.
/// </summary>
public sealed record SloRunSample(
    double TimeSeconds,
    double OfferedRatePerSecond,
    int? DesiredReplicas,
    int ReadyReplicas,
    double? WindowDemandRatePerSecond,
    double? WindowRejectedRatePerSecond,
    double? WindowTtftSeconds,
    double? WindowTpotSeconds,
    double? StatusRequestRatePerSecond,
    double? StatusTtftSeconds,
    double? StatusTpotSeconds,
    int? MaxBatchSize,
    double? MaxRequestRatePerSecond);
