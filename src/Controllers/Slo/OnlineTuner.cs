using System.Globalization;

namespace Sluice.Controllers.Slo;

/// <summary>
/// Online correction of one deployment's per-replica levers from live percentiles, with memory. The batch: TPOT over its
/// limit steps it down multiplicatively, once the control window holds only steps at the current batch; comfortably below
/// (hysteresis) with queued demand it steps up additively, and doubles while TPOT is under half its limit (a loose limit is
/// reached in a few cooldowns, not one batch slot per cooldown). The rate: TTFT over its limit while requests wait, or a queue
/// growing past what starts within the limit, cuts it to the replica's measured capacity (<see cref="ReplicaCapacity"/>) ×
/// (1 − margin) while the rate in force exceeds that capacity. Below capacity the queue drains and the late requests were
/// admitted before, so nothing is cut while the queue shrinks or the control window may hold requests admitted at an earlier
/// rate (for a window plus the TTFT observed after the last change); a queue that then still keeps TTFT late (a Poisson queue near capacity stays long) cuts the rate gently, × (1 − margin),
/// at most once per window.
/// TTFT over its limit with no queue cuts multiplicatively, once the window holds only requests admitted at the current rate
/// and none that queued. TTFT comfortably below while requests are refused steps the rate up additively: under a quarter of its
/// limit whatever the queue; nearer the limit only when none waited at this period's end or the last one's (a queue with every slot
/// busy is the knee, where TTFT rises steeply with the rate), and never to the measured capacity × (1 − margin) or past it. Within <see cref="TunerSettings.ProbeInterval"/> of a
/// cut a step up stops below the capacity that cut measured, or below the level cut; nothing is remembered while the queue
/// admitted at an earlier rate drains, so a level that was late only because of requests admitted before never bars the way back.
/// Each lever changes at most once per cooldown; the result always stays inside the <see cref="LeverBounds"/>. One instance
/// per deployment; not thread-safe.
/// </summary>
public sealed class OnlineTuner(TunerSettings settings)
{
    /// <summary>Below this share of its limit TPOT has room for twice the batch: a step up doubles it.</summary>
    public const double DoublingBelowShare = 0.5;

    /// <summary>
    /// Below this share of its limit TTFT has room for the queue to grow fourfold: the rate steps up though requests wait, and past
    /// the measured capacity (a backlog under a loose limit); nearer the limit a queue with every slot busy is the knee.
    /// </summary>
    public const double QueueRoomBelowShare = 0.25;

    private DateTimeOffset _batchChangedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _rateChangedAt = DateTimeOffset.MinValue;
    private (int Batch, DateTimeOffset At)? _batchCeiling;
    private (double Rate, DateTimeOffset At)? _rateCeiling;
    private readonly ReplicaCapacity _capacity = new(settings.Window);
    private double? _waitingBefore;
    private double? _runningBefore;
    private DateTimeOffset _queuedAt = DateTimeOffset.MinValue;

    /// <summary>The request rate one replica sustains as last measured (requests waited throughout at least 10 s of the window); null while unknown.</summary>
    public double? CapacityPerSecond => _capacity.PerSecond;

    /// <summary>Decides the point for the next period from <paramref name="current"/> and what was observed.</summary>
    public TuningDecision Next(TuningPoint current, SloTargets targets, SloSignals signals, LeverBounds bounds, DateTimeOffset now)
    {
        var reasons = new List<string>();
        var batch = NextBatch(current.MaxBatchSize, targets, signals, bounds, now, reasons);
        var rate = NextRate(current, targets, signals, bounds, now, reasons);
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

    private double? NextRate(TuningPoint point, SloTargets targets, SloSignals signals, LeverBounds bounds, DateTimeOffset now, List<string> reasons)
    {
        var current = point.MaxRequestRatePerSecond;
        var (waitingBefore, runningBefore) = (_waitingBefore, _runningBefore);
        (_waitingBefore, _runningBefore) = (signals.RequestsWaiting, signals.RequestsRunning);
        if (signals.RequestsWaiting > 0)
        {
            _queuedAt = now;
        }

        var capacity = _capacity.Update(waitingBefore, runningBefore, point.MaxBatchSize, signals, now);
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

            // Over capacity: down to it less the margin. Below it the queue drains, and the late requests may have been admitted
            // at an earlier rate: once the window holds only requests admitted at this one, a queue still late cuts it gently.
            var overloaded = current is not { } r0 || r0 > cap;
            if (!overloaded && (now - _rateChangedAt < settings.Window + TimeSpan.FromSeconds(ttft) || waiting < (waitingBefore ?? 0)))
            {
                // Draining, or the window may still hold requests admitted at the rate before: a first token in the window came
                // up to a TTFT after its request was admitted.
                return current;
            }

            next = Math.Max(bounds.MinRequestRatePerSecond, (overloaded ? cap : current!.Value) * (1 - settings.RateMargin));
            if (current is { } cur && next >= cur - 1e-3)
            {
                return current;
            }

            _rateCeiling = (overloaded ? cap : current!.Value, now);
            why = $"TTFT p{Fmt(targets.Percentile)} {Ms(ttft)} (limit {Ms(targets.TtftSeconds)}) with {Fmt(waiting)} waiting{(growing ? " and growing" : string.Empty)}, " +
                  $"completing {Fmt(cap)} req/s{(overloaded ? string.Empty : " with only requests admitted at this rate in the window")}";
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
        else if (current is { } rate && ttft < targets.TtftSeconds * (1 - settings.Hysteresis) && signals.RejectedRatePerSecond > 0
                 && ((waiting == 0 && (waitingBefore ?? 0) == 0) || ttft < targets.TtftSeconds * QueueRoomBelowShare))
        {
            // Near the limit a queue with every slot busy is the knee, where TTFT rises steeply with the rate: step up only with
            // none waiting, and never to the capacity less the margin. Far under the limit a queue costs nothing that matters.
            var step = Math.Max(settings.MinRateStepPerSecond, rate * settings.RateStepFraction);
            var nearLimit = ttft >= targets.TtftSeconds * QueueRoomBelowShare;
            var ceiling = Math.Min(
                _rateCeiling is { } c && now - c.At < settings.ProbeInterval ? c.Rate - settings.MinRateStepPerSecond : double.MaxValue,
                nearLimit && capacity is { } known ? known * (1 - settings.RateMargin) : double.MaxValue);
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
