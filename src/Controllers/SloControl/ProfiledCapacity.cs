using Sluice.Controllers.Slo;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// The request rate one replica sustains within the SLO, read from the profiling sweep's curve in status.tuning: the
/// largest rate served at the tuned batch size by a point whose TTFT and TPOT were both within their limits — the offered
/// rate, or what the replica completed (output tokens per second ÷ output tokens per request) when that was less (a point
/// that overloaded the replica within a loose TTFT limit served its capacity, not its rate); without
/// such a point, the closed-loop throughput measured at the tuned batch (output tokens per second ÷ output tokens per
/// request) when its TPOT was within the limit. Null when no profile exists or no point qualifies. It is what the
/// autoscaler plans with while the rate lever is unlimited.
/// </summary>
public static class ProfiledCapacity
{
    /// <summary>Requests per second per replica, or null; throws <see cref="ArgumentOutOfRangeException"/> for <paramref name="outputTokensPerRequest"/> below 1.</summary>
    public static double? RatePerReplica(TuningStatus? tuning, SloTargets targets, int outputTokensPerRequest)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokensPerRequest, 1);
        if (tuning?.Curve is not { Count: > 0 } curve || tuning.MaxBatchSize is not { } batch)
        {
            return null;
        }

        var atBatch = curve.Where(p => p.MaxBatchSize == batch && p.TtftSeconds is not null && p.TpotSeconds is not null).ToList();
        var rates = atBatch.Where(p => p.RequestRate is > 0 && p.TtftSeconds <= targets.TtftSeconds && p.TpotSeconds <= targets.TpotSeconds)
            .Select(p => p.TokensPerSecond is > 0 and { } tokens ? Math.Min(p.RequestRate!.Value, tokens / outputTokensPerRequest) : p.RequestRate!.Value).ToList();
        if (rates.Count > 0)
        {
            return rates.Max();
        }

        var closedLoop = atBatch.Where(p => p.RequestRate is null && p.TokensPerSecond is > 0 && p.TpotSeconds <= targets.TpotSeconds)
            .Select(p => p.TokensPerSecond!.Value / outputTokensPerRequest).ToList();
        return closedLoop.Count > 0 ? closedLoop.Max() : null;
    }

    /// <summary>The same from a sweep's own result (as the tune command holds it, before any status exists).</summary>
    public static double? RatePerReplica(ProfileResult profile, SloTargets targets, int outputTokensPerRequest)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var tuning = new TuningStatus
        {
            MaxBatchSize = profile.Chosen.MaxBatchSize,
            Curve = profile.Curve.Select(p => new TuningCurvePoint
            {
                MaxBatchSize = p.MaxBatchSize,
                RequestRate = p.RequestRatePerSecond,
                TokensPerSecond = p.OutputTokensPerSecond,
                TtftSeconds = p.TtftSeconds,
                TpotSeconds = p.TpotSeconds,
            }).ToList(),
        };
        return RatePerReplica(tuning, targets, outputTokensPerRequest);
    }
}
