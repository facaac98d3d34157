using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

/// <summary>
/// A replica with a waiting queue, simulated in 10 ms steps: Poisson arrivals at the offered rate pass a token bucket at the
/// admitted-rate lever (one second of burst, like the engine's) or are refused; admitted requests wait FIFO for one of
/// <see cref="Slots"/> slots, each busy for a service time drawn uniformly in ±20 % around Slots / capacity, so the replica
/// completes <c>capacity</c> requests per second while requests wait. TTFT is the wait plus a fixed prefill time. Every
/// period the tuner gets what the control loop would: percentiles over the control window, rates, the newest gauges and the
/// last period's completion rate. Seeded: same seed, same run.
/// </summary>
internal sealed class QueueingReplica(double capacityPerSecond, int seed)
{
    public const int Slots = 16;
    private const double StepSeconds = 0.01;
    private const double PrefillSeconds = 0.1;
    private readonly Random _random = new(seed);
    private readonly Queue<double> _waiting = new();
    private readonly List<double> _busyUntil = [];
    private readonly List<(double At, double Ttft)> _firstTokens = [];
    private readonly List<double> _completions = [];
    private readonly List<double> _refusals = [];
    private double _tokens = 1;
    private double _nextArrival;

    /// <summary>The lever and the replica's state after one period.</summary>
    public sealed record Period(double TimeSeconds, double? RatePerSecond, double? TtftP95Seconds, int Waiting, double CompletedPerSecond);

    /// <summary>Runs <paramref name="seconds"/> of <paramref name="offeredPerSecond"/> arrivals from <paramref name="start"/>, one tuner period every 5 s.</summary>
    public List<Period> Run(OnlineTuner tuner, TuningPoint start, double offeredPerSecond, double seconds, SloTargets targets, double windowSeconds = 20)
    {
        var bounds = new LeverBounds(Slots, Slots, 0.25, null);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var point = start;
        var periods = new List<Period>();
        _nextArrival = Exponential(offeredPerSecond);
        for (var step = 1; step * StepSeconds <= seconds + 1e-9; step++)
        {
            var now = step * StepSeconds;
            Advance(now, offeredPerSecond, point.MaxRequestRatePerSecond);
            if (step % 500 != 0)
            {
                continue;
            }

            var span = Math.Min(windowSeconds, now);
            var ttfts = _firstTokens.Where(f => f.At > now - windowSeconds).Select(f => f.Ttft).Order().ToList();
            var completed = _completions.Count(c => c > now - windowSeconds);
            var refused = _refusals.Count(r => r > now - windowSeconds);
            var recent = _completions.Count(c => c > now - 5) / 5.0;
            var signals = new SloSignals(
                ttfts.Count > 0 ? ttfts[(int)Math.Ceiling(0.95 * ttfts.Count) - 1] : null,
                0.015,
                (completed + refused) / span,
                refused / span,
                _waiting.Count,
                _busyUntil.Count,
                recent);
            point = tuner.Next(point, targets, signals, bounds, t0.AddSeconds(now)).Point;
            periods.Add(new Period(now, point.MaxRequestRatePerSecond, signals.TtftSeconds, _waiting.Count, recent));
        }

        return periods;
    }

    /// <summary>Requests completed per second between <paramref name="fromSeconds"/> and <paramref name="toSeconds"/>.</summary>
    public double CompletedPerSecond(double fromSeconds, double toSeconds) =>
        _completions.Count(c => c > fromSeconds && c <= toSeconds) / (toSeconds - fromSeconds);

    /// <summary>Share of requests that got their first token between the two times with TTFT within <paramref name="limitSeconds"/>.</summary>
    public double WithinTtft(double fromSeconds, double toSeconds, double limitSeconds)
    {
        var window = _firstTokens.Where(f => f.At > fromSeconds && f.At <= toSeconds).ToList();
        return window.Count == 0 ? 1 : window.Count(f => f.Ttft <= limitSeconds) / (double)window.Count;
    }

    private void Advance(double now, double offeredPerSecond, double? ratePerSecond)
    {
        if (ratePerSecond is { } rate)
        {
            _tokens = Math.Min(Math.Max(1, Math.Ceiling(rate)), _tokens + (rate * StepSeconds));
        }

        while (_nextArrival <= now)
        {
            if (ratePerSecond is null || _tokens >= 1)
            {
                _tokens -= ratePerSecond is null ? 0 : 1;
                _waiting.Enqueue(_nextArrival);
            }
            else
            {
                _refusals.Add(_nextArrival);
            }

            _nextArrival += Exponential(offeredPerSecond);
        }

        for (var i = _busyUntil.Count - 1; i >= 0; i--)
        {
            if (_busyUntil[i] <= now)
            {
                _completions.Add(_busyUntil[i]);
                _busyUntil.RemoveAt(i);
            }
        }

        while (_busyUntil.Count < Slots && _waiting.Count > 0)
        {
            var arrived = _waiting.Dequeue();
            _firstTokens.Add((now + PrefillSeconds, now - arrived + PrefillSeconds));
            _busyUntil.Add(now + (Slots / capacityPerSecond * (0.8 + (0.4 * _random.NextDouble()))));
        }
    }

    private double Exponential(double ratePerSecond) => -Math.Log(1 - _random.NextDouble()) / ratePerSecond;
}
