using System.Globalization;
using System.Text.Json;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Slo;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// Pure: the status after one control period. Writes status.observed, status.tuning (keeping the
/// measured curve), the SloMet condition (only when both percentiles are known), and on a scale decision
/// status.desiredReplicas and status.lastScale, and status.engine when a current pod reported what it serves.
/// Everything else is carried over as read.
/// </summary>
public static class SloStatusUpdate
{
    public const string SloMetReason = "WithinSlo";
    public const string SloBreachedReason = "SloBreached";

    /// <summary>A copy of <paramref name="current"/> with <paramref name="tuning"/> (a profiling result); <paramref name="current"/> is never modified.</summary>
    public static LLMDeploymentStatus WithTuning(LLMDeploymentStatus? current, TuningStatus tuning)
    {
        var status = Copy(current);
        status.Tuning = tuning;
        return status;
    }

    /// <summary>The next status; <paramref name="current"/> is never modified; a null <paramref name="engine"/> keeps status.engine.</summary>
    public static LLMDeploymentStatus Apply(
        LLMDeploymentStatus? current, SloControlResult result, SloTargets targets, int desiredReplicas, long? generation, DateTimeOffset now, EngineStatus? engine = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(targets);
        var status = Copy(current);
        status.Engine = engine ?? status.Engine;
        status.Tuning = new TuningStatus
        {
            MaxBatchSize = result.Point.MaxBatchSize,
            MaxRequestRate = result.Point.MaxRequestRatePerSecond,
            Curve = status.Tuning?.Curve,
            ProfiledGeneration = status.Tuning?.ProfiledGeneration,
        };
        status.DesiredReplicas = desiredReplicas;
        if (result.Scale is { } scale)
        {
            status.DesiredReplicas = scale.To;
            status.LastScale = new LastScaleStatus { Time = now, From = scale.From, To = scale.To, Reason = scale.Reason };
        }

        if (result.Observed is not { } observed)
        {
            return status;
        }

        status.Observed = new ObservedStatus
        {
            TtftSeconds = Round(observed.TtftSeconds),
            TpotSeconds = Round(observed.TpotSeconds),
            RequestRate = Round(observed.RequestRatePerSecond),
            TokensPerSecond = Round(observed.TokensPerSecond),
            Queue = Round(observed.Queue),
            SloAttainment = Round(observed.SloAttainment),
        };
        if (observed.TtftSeconds is { } ttft && observed.TpotSeconds is { } tpot)
        {
            var met = observed.Meets(targets);
            var p = targets.Percentile.ToString("0.#", CultureInfo.InvariantCulture);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"TTFT p{p} {Ms(ttft)} (limit {Ms(targets.TtftSeconds)}), TPOT p{p} {Ms(tpot)} (limit {Ms(targets.TpotSeconds)}) at {observed.RequestRatePerSecond:0.##} req/s");
            status.Conditions = ConditionSet.Set(status.Conditions, ConditionTypes.SloMet, met, met ? SloMetReason : SloBreachedReason, message, generation, now);
        }

        return status;
    }

    /// <summary>Four significant decimals, so that noise below a tenth of a millisecond does not rewrite status.</summary>
    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 4) : null;

    private static string Ms(double seconds) => double.IsFinite(seconds)
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0.#} ms")
        : "none";

    /// <summary>A deep copy of <paramref name="current"/> (an empty status when null).</summary>
    private static LLMDeploymentStatus Copy(LLMDeploymentStatus? current)
    {
        var info = ApiJson.Options;
        return current is null ? new LLMDeploymentStatus() : JsonSerializer.Deserialize<LLMDeploymentStatus>(JsonSerializer.Serialize(current, info), info)!;
    }
}
