namespace Sluice.Controllers.Slo;

/// <summary>Picks the starting levers from a profiling sweep's measured curve.</summary>
public static class ProfileAnalysis
{
    /// <summary>
    /// The next batch a sweep measures, from the TPOT measured so far per batch (at least one point; the first is the bound), or
    /// null to stop: when the largest measured batch held <paramref name="tpotLimitSeconds"/> (the bound, the best there is);
    /// batch 1 when nothing held yet and it was not measured; null when batch 1 failed too; else, between the largest batch that
    /// held and the smallest that failed, where the line through their two points crosses the limit (regula falsi, always
    /// strictly inside the bracket), until they are adjacent.
    /// </summary>
    public static int? NextBatchSize(IReadOnlyDictionary<int, double> tpotSecondsAtBatch, double tpotLimitSeconds)
    {
        ArgumentNullException.ThrowIfNull(tpotSecondsAtBatch);
        if (tpotSecondsAtBatch.Count == 0)
        {
            throw new ArgumentException("no batch measured yet", nameof(tpotSecondsAtBatch));
        }

        var held = tpotSecondsAtBatch.Where(p => p.Value <= tpotLimitSeconds).Select(p => p.Key).DefaultIfEmpty(0).Max();
        var failed = tpotSecondsAtBatch.Where(p => p.Value > tpotLimitSeconds).Select(p => p.Key).DefaultIfEmpty(int.MaxValue).Min();
        if (failed == int.MaxValue)
        {
            return null;
        }

        if (held == 0)
        {
            return tpotSecondsAtBatch.ContainsKey(1) || failed == 1 ? null : 1;
        }

        if (failed - held < 2)
        {
            return null;
        }

        var (heldTpot, failedTpot) = (tpotSecondsAtBatch[held], tpotSecondsAtBatch[failed]);
        var crossing = held + ((tpotLimitSeconds - heldTpot) * (failed - held) / Math.Max(failedTpot - heldTpot, 1e-9));
        return Math.Clamp((int)Math.Floor(crossing), held + 1, failed - 1);
    }

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
    /// The largest offered rate that held TTFT (<see cref="CurvePoint.HoldsTtft"/>), also when no measured rate failed: a short
    /// point can hold at a rate the replica cannot sustain (the first GPU run left the lever unlimited that way and a Poisson
    /// load above capacity built a queue of a hundred requests before the tuner could measure the capacity); above it the
    /// online tuner steps the rate up while requests are refused and TTFT stays comfortably low. The smallest measured rate,
    /// not meeting the SLO, when none held.
    /// </summary>
    public static (double? MaxRequestRatePerSecond, bool MeetsSlo) ChooseRequestRate(IReadOnlyList<CurvePoint> rateSweep, double ttftLimitSeconds, double safetyMargin)
    {
        var measured = rateSweep.Where(p => p.RequestRatePerSecond is not null).ToList();
        if (measured.Count == 0)
        {
            throw new ArgumentException("the rate sweep measured no point", nameof(rateSweep));
        }

        var ok = measured.Where(p => p.HoldsTtft(ttftLimitSeconds, safetyMargin)).ToList();

        return ok.Count > 0 ? (ok.Max(p => p.RequestRatePerSecond!.Value), true) : (measured.Min(p => p.RequestRatePerSecond!.Value), false);
    }

    /// <summary>The largest share of a closed loop's completion rate a sweep offers as Poisson arrivals.</summary>
    public const double SustainableShare = 0.95;

    /// <summary>
    /// The next rate a sweep measures after <paramref name="rateSweep"/>, or null to stop: with no failure yet, 1.25 × the
    /// largest rate (once: a second held point ends the sweep), but at most
    /// <see cref="SustainableShare"/> of <paramref name="closedLoopRatePerSecond"/> — the rate a closed loop at the batch
    /// completed, which Poisson arrivals cannot sustain (a queue grows without bound; on the H200 9.49 req/s held a short
    /// point at a closed-loop rate of 8.9 and its queue broke TTFT half a minute later), and stop when that is no step
    /// past the largest held rate; with failures only, below the smallest failed rate — at 95 % of what that point completed
    /// per second (its capacity when it overloaded), at most 85 % of its rate; with both, the middle of the largest held and
    /// the smallest failed rate while they are over 10 % apart.
    /// </summary>
    public static double? NextRequestRate(IReadOnlyList<CurvePoint> rateSweep, double ttftLimitSeconds, double safetyMargin, double? closedLoopRatePerSecond = null)
    {
        ArgumentNullException.ThrowIfNull(rateSweep);
        var measured = rateSweep.Where(p => p.RequestRatePerSecond is not null).ToList();
        var held = measured.Where(p => p.HoldsTtft(ttftLimitSeconds, safetyMargin)).Select(p => p.RequestRatePerSecond!.Value).ToList();
        var failed = measured.Where(p => !p.HoldsTtft(ttftLimitSeconds, safetyMargin)).OrderBy(p => p.RequestRatePerSecond).ToList();
        if (failed.Count == 0)
        {
            if (held.Count is 0 or >= 2)
            {
                return null;
            }

            var next = Math.Min(held.Max() * 1.25, closedLoopRatePerSecond is > 0 and { } closed ? closed * SustainableShare : double.MaxValue);
            return next > held.Max() * 1.02 ? Math.Round(next, 3) : null;
        }

        var lowestFailed = failed[0].RequestRatePerSecond!.Value;
        if (held.Count == 0)
        {
            var completed = failed[0].CompletedPerSecond is > 0 and { } c ? c * 0.95 : double.MaxValue;
            return Math.Round(Math.Min(completed, lowestFailed * 0.85), 3);
        }

        var highestHeld = held.Max();
        return lowestFailed > highestHeld * 1.1 ? Math.Round((highestHeld + lowestFailed) / 2, 3) : null;
    }
}
