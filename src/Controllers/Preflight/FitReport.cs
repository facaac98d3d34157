namespace Sluice.Controllers.Preflight;

/// <summary>
/// The outcome of the fit preflight, in GiB: weights + KV for one max-context sequence against usable GPU memory.
/// The sizes are null when they were not computed (the model's shape is unknown).
/// </summary>
/// <param name="Reason">When <paramref name="Fits"/> is false, the condition reason: DoesNotFit or GpuCountUnsupported.</param>
/// <param name="Message">The numbers, and when it does not fit, why and what would.</param>
public sealed record FitReport(bool Fits, string Reason, double? WeightsGiB, double? KvCacheGiB, double? UsableGiB, string Message);
