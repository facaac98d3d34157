namespace Sluice.Controllers.Preflight;

/// <summary>
/// The outcome of the fit preflight, in GiB: weights + KV for one max-context sequence against usable GPU memory.
/// </summary>
public sealed record FitReport(bool Fits, double WeightsGiB, double KvCacheGiB, double UsableGiB, string Message);
