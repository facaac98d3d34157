using System.Globalization;

namespace Sluice.Controllers.Slo;

/// <summary>
/// Online correction of one deployment's per-replica levers from live percentiles, with memory. The batch: TPOT over its
/// limit steps it down multiplicatively, once the control window holds only steps at the current batch; comfortably below (hysteresis) with queued demand it steps up additively, and doubles
/// while TPOT is under half its limit (a loose limit is reached in a few cooldowns, not one batch slot per cooldown). The rate:
/// TTFT over its limit while requests wait, or a queue growing past what starts within the limit, cuts it to the replica's
/// measured capacity (its completion rate while requests waited) × (1 − margin) while the rate in force exceeds that capacity;
/// below it the queue drains and the late requests were admitted before, so the rate is cut no further than capacity × (1 − 1.5 ×
/// margin), and only while the queue holds more requests than start within the limit (to drain it sooner). TTFT over its limit with no queue cuts multiplicatively, once
/// the control window holds only requests admitted at the current rate. TTFT comfortably below while requests are refused
/// and the queue is short steps the rate up additively. Within <see cref="TunerSettings.ProbeInterval"/> of a cut a step up stops
/// below the capacity that cut measured (a cut on TTFT alone: below the level cut); nothing is remembered while the queue drains,
/// so a level that was late only because of requests admitted before never bars the way back.
/// Each lever changes at most once per cooldown; the result always stays inside the <see cref="LeverBounds"/>. One instance
/// per deployment; not thread-safe.
/// </summary>
public sealed class OnlineTuner(TunerSettings settings)
{
    /// <summary>Below this share of its limit TPOT has room for twice the batch: a step up doubles it.</summary>
    public const double DoublingBelowShare = 0.5;

    /// <summary>Least time with requests waiting throughout that a capacity measurement needs.</summary>
    public const double MinCapacitySeconds = 10;

    private DateTimeOffset _batchChangedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _rateChangedAt = DateTimeOffset.MinValue;
    private (int Batch, DateTimeOffset At)? _batchCeiling;
    private (double Rate, DateTimeOffset At)? _rateCeiling;
    private readonly List<(DateTimeOffset At, double Rate, double Seconds)> _capacitySamples = [];
    private DateTimeOffset? _periodAt;
    private double? _waitingBefore;
    private DateTimeOffset _queuedAt = DateTimeOffset.MinValue;

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
            if (now - _batchChangedAt < settings.Window)
            {
                // The window still holds steps at the batch before the last change: they say nothing about this one.
                return current;
            }

            next = Math.Max(bounds.MinBatchSize, Math.Min(current - 1, (int)Math.Floor(current * settings.DecreaseFactor)));
            _batchCeiling = (current, now);
            why = $"TPOT p{Fmt(targets.Percentile)} {Ms(tpot)} > limit {Ms(targets.TpotSeconds)}";
        }
        else if (tpot < targets.TpotSeconds * (1 - settings.Hysteresis) && (signals.RequestsWaiting > 0 || signals.RequestsRunning >= current))
        {
            var ceiling = _batchCeiling is { } c && now - c.At < settings.ProbeInterval ? c.Batch - 1 : int.MaxValue;
            var step = tpot < targets.TpotSeconds * DoublingBelowShare ? Math.Max(settings.BatchStep, current) : settings.BatchStep;
            next = Math.Min(Math.Min(bounds.MaxBatchSize, ceiling), current + step);
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
        var waitingBefore = _waitingBefore;
        _waitingBefore = signals.RequestsWaiting;
        if (signals.RequestsWaiting > 0)
        {
            _queuedAt = now;
        }

        var capacity = Capacity(waitingBefore, signals, now);
        if (bounds.RateFixed)
        {
            return bounds.MaxRequestRatePerSecond;
        }

        if (signals.TtftSeconds is not { } ttft || now - _rateChangedAt < settings.Cooldown)
        {
            return current;
        }

        var waiting = signals.RequestsWaiting;
        var growing = waiting > 0 && waiting > (waitingBefore ?? 0);
        // Requests that may wait and still start within the limit at the rate the replica completes.
        var fitting = (capacity ?? signals.AdmittedRatePerSecond) * targets.TtftSeconds * (1 - settings.Hysteresis);
        double? next;
        string why;
        if (waiting > 0 && (ttft > targets.TtftSeconds || (growing && waiting > fitting)))
        {
            if (capacity is not { } cap)
            {
                // Less than 10 s with requests waiting throughout: the completion rate does not show the capacity yet.
                return current;
            }

            // Over capacity: down to it less the margin. Below it the queue drains, and the late requests were admitted before;
            // a queue longer than starts within the limit drains at one and a half times the margin.
            var overloaded = current is not { } r0 || r0 > cap;
            var share = overloaded ? 1 - settings.RateMargin : waiting > fitting ? 1 - (1.5 * settings.RateMargin) : 1;
            next = Math.Max(bounds.MinRequestRatePerSecond, cap * share);
            if (current is { } cur && next >= cur - 1e-3)
            {
                return current;
            }

            if (overloaded)
            {
                _rateCeiling = (cap, now);
            }

            why = $"TTFT p{Fmt(targets.Percentile)} {Ms(ttft)} (limit {Ms(targets.TtftSeconds)}) with {Fmt(waiting)} waiting{(growing ? " and growing" : string.Empty)}, " +
                  $"completing {Fmt(cap)} req/s{(overloaded ? string.Empty : ": draining the queue")}";
        }
        else if (ttft > targets.TtftSeconds)
        {
            // Late without a queue: cut only once the window holds just requests admitted at the current rate and none that queued.
            var basis = current ?? signals.AdmittedRatePerSecond;
            var since = _rateChangedAt > _queuedAt ? _rateChangedAt : _queuedAt;
            if (basis <= 0 || now - since < settings.Window)
            {
                return current;
            }

            next = Math.Max(bounds.MinRequestRatePerSecond, basis * settings.DecreaseFactor);
            _rateCeiling = (basis, now);
            why = $"TTFT p{Fmt(targets.Percentile)} {Ms(ttft)} > limit {Ms(targets.TtftSeconds)} with no queue";
        }
        else if (current is { } rate && ttft < targets.TtftSeconds * (1 - settings.Hysteresis) && signals.RejectedRatePerSecond > 0 && waiting <= fitting / 2)
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

    /// <summary>
    /// The replica's capacity: the completion rate over the periods within the control window during which requests waited
    /// throughout (waiting at both ends), weighted by their lengths; null while they cover less than
    /// <see cref="MinCapacitySeconds"/> (one short period's count is too noisy).
    /// </summary>
    private double? Capacity(double? waitingBefore, SloSignals signals, DateTimeOffset now)
    {
        var seconds = _periodAt is { } before ? (now - before).TotalSeconds : 0;
        _periodAt = now;
        if (waitingBefore > 0 && signals.RequestsWaiting > 0 && signals.RecentCompletedRatePerSecond is { } recent and > 0 && seconds > 0)
        {
            _capacitySamples.Add((now, recent, seconds));
        }

        _capacitySamples.RemoveAll(s => s.At <= now - settings.Window);
        var covered = _capacitySamples.Sum(s => s.Seconds);
        return covered >= MinCapacitySeconds ? _capacitySamples.Sum(s => s.Rate * s.Seconds) / covered : null;
    }

    private static string Ms(double seconds) => $"{Math.Round(seconds * 1000, 1).ToString(CultureInfo.InvariantCulture)}ms";

    private static string Fmt(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
