namespace Sluice.Controllers.Slo;

/// <summary>Picks the starting levers from a profiling sweep's measured curve.</summary>
public static class ProfileAnalysis
{
    /// <summary>
    /// The largest batch size whose TPOT stays under limit × (1 − <paramref name="safetyMargin"/>); the
    /// smallest measured batch when none does (the SLO cannot be met at any batch: the caller reports it).
    /// </summary>
    public static (int MaxBatchSize, bool MeetsSlo) ChooseBatchSize(IReadOnlyList<CurvePoint> batchSweep, double tpotLimitSeconds, double safetyMargin)
    {
        if (batchSweep.Count == 0)
        {
            throw new ArgumentException("the batch sweep measured no point", nameof(batchSweep));
        }

        var ok = batchSweep.Where(p => p.TpotSeconds <= tpotLimitSeconds * (1 - safetyMargin)).ToList();
        return ok.Count > 0 ? (ok.Max(p => p.MaxBatchSize), true) : (batchSweep.Min(p => p.MaxBatchSize), false);
    }

    /// <summary>
    /// The largest offered rate whose TTFT stays under limit × (1 − <paramref name="safetyMargin"/>); the
    /// smallest measured rate when none does.
    /// </summary>
    public static (double MaxRequestRatePerSecond, bool MeetsSlo) ChooseRequestRate(IReadOnlyList<CurvePoint> rateSweep, double ttftLimitSeconds, double safetyMargin)
    {
        var measured = rateSweep.Where(p => p.RequestRatePerSecond is not null).ToList();
        if (measured.Count == 0)
        {
            throw new ArgumentException("the rate sweep measured no point", nameof(rateSweep));
        }

        var ok = measured.Where(p => p.TtftSeconds <= ttftLimitSeconds * (1 - safetyMargin)).ToList();
        return ok.Count > 0 ? (ok.Max(p => p.RequestRatePerSecond!.Value), true) : (measured.Min(p => p.RequestRatePerSecond!.Value), false);
    }
}
