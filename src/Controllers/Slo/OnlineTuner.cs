using System.Globalization;

namespace Sluice.Controllers.Slo;

/// <summary>
/// Online correction of one deployment's per-replica levers from live percentiles (AIMD with memory):
/// a lever whose percentile exceeds its limit steps down multiplicatively; a lever comfortably below
/// (hysteresis) with queued demand steps up additively, but not back to a level that breached within
/// <see cref="TunerSettings.ProbeInterval"/>; each lever changes at most once per cooldown; the result
/// always stays inside the <see cref="LeverBounds"/>. One instance per deployment; not thread-safe.
/// </summary>
public sealed class OnlineTuner(TunerSettings settings)
{
    private DateTimeOffset _batchChangedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _rateChangedAt = DateTimeOffset.MinValue;
    private (int Batch, DateTimeOffset At)? _batchCeiling;
    private (double Rate, DateTimeOffset At)? _rateCeiling;

    /// <summary>Decides the point for the next period from <paramref name="current"/> and what was observed.</summary>
    public TuningDecision Next(TuningPoint current, SloTargets targets, SloSignals signals, LeverBounds bounds, DateTimeOffset now)
    {
        var reasons = new List<string>();
        var batch = NextBatch(current.MaxBatchSize, targets, signals, bounds, now, reasons);
        var rate = NextRate(current.MaxRequestRatePerSecond, targets, signals, bounds, now, reasons);
        return new TuningDecision(new TuningPoint(batch, rate), reasons);
    }

    private int NextBatch(int current, SloTargets targets, SloSignals signals, LeverBounds bounds, DateTimeOffset now, List<string> reasons)
    {
        var clamped = Math.Clamp(current, bounds.MinBatchSize, bounds.MaxBatchSize);
        if (clamped != current)
        {
            reasons.Add($"maxBatchSize {current} → {clamped}: outside the allowed range [{bounds.MinBatchSize}, {bounds.MaxBatchSize}]");
            _batchChangedAt = now;
            return clamped;
        }

        if (signals.TpotSeconds is not { } tpot || bounds.BatchFixed || now - _batchChangedAt < settings.Cooldown)
        {
            return current;
        }

        int next;
        string why;
        if (tpot > targets.TpotSeconds)
        {
            next = Math.Max(bounds.MinBatchSize, Math.Min(current - 1, (int)Math.Floor(current * settings.DecreaseFactor)));
            _batchCeiling = (current, now);
            why = $"TPOT p{Fmt(targets.Percentile)} {Ms(tpot)} > limit {Ms(targets.TpotSeconds)}";
        }
        else if (tpot < targets.TpotSeconds * (1 - settings.Hysteresis) && (signals.RequestsWaiting > 0 || signals.RequestsRunning >= current))
        {
            var ceiling = _batchCeiling is { } c && now - c.At < settings.ProbeInterval ? c.Batch - 1 : int.MaxValue;
            next = Math.Min(Math.Min(bounds.MaxBatchSize, ceiling), current + settings.BatchStep);
            if (next <= current)
            {
                // A step up never lowers the batch: below a level that breached recently, hold until the probe interval passes.
                return current;
            }

            why = $"TPOT p{Fmt(targets.Percentile)} {Ms(tpot)} well under limit {Ms(targets.TpotSeconds)} with {Fmt(signals.RequestsWaiting)} waiting";
        }
        else
        {
            return current;
        }

        if (next == current)
        {
            return current;
        }

        reasons.Add($"maxBatchSize {current} → {next}: {why}");
        _batchChangedAt = now;
        return next;
    }

    private double? NextRate(double? current, SloTargets targets, SloSignals signals, LeverBounds bounds, DateTimeOffset now, List<string> reasons)
    {
        if (bounds.RateFixed)
        {
            return bounds.MaxRequestRatePerSecond;
        }

        if (signals.TtftSeconds is not { } ttft || now - _rateChangedAt < settings.Cooldown)
        {
            return current;
        }

        double? next;
        string why;
        if (ttft > targets.TtftSeconds)
        {
            var basis = current ?? signals.AdmittedRatePerSecond;
            if (basis <= 0)
            {
                return current;
            }

            next = Math.Max(bounds.MinRequestRatePerSecond, basis * settings.DecreaseFactor);
            _rateCeiling = (basis, now);
            why = $"TTFT p{Fmt(targets.Percentile)} {Ms(ttft)} > limit {Ms(targets.TtftSeconds)}";
        }
        else if (current is { } rate && ttft < targets.TtftSeconds * (1 - settings.Hysteresis) && signals.RejectedRatePerSecond > 0)
        {
            var step = Math.Max(settings.MinRateStepPerSecond, rate * settings.RateStepFraction);
            var ceiling = _rateCeiling is { } c && now - c.At < settings.ProbeInterval ? c.Rate - settings.MinRateStepPerSecond : double.MaxValue;
            next = Math.Min(Math.Min(bounds.MaxRequestRatePerSecond ?? double.MaxValue, ceiling), rate + step);
            if (next <= rate)
            {
                return current;
            }

            why = $"TTFT p{Fmt(targets.Percentile)} {Ms(ttft)} well under limit {Ms(targets.TtftSeconds)} while {Fmt(signals.RejectedRatePerSecond)} req/s are refused";
        }
        else
        {
            return current;
        }

        next = Math.Round(next.Value, 3);
        reasons.Add($"maxRequestRate {(current is { } c2 ? Fmt(c2) : "unlimited")} → {Fmt(next.Value)} req/s: {why}");
        _rateChangedAt = now;
        return next;
    }

    private static string Ms(double seconds) => $"{Math.Round(seconds * 1000, 1).ToString(CultureInfo.InvariantCulture)}ms";

    private static string Fmt(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
