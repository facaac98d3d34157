using Sluice.Bench.Spec;

namespace Sluice.Bench.Running;

/// <summary>
/// Open-loop send times as offsets from the run start: the first at 0, then gaps of exactly 1/rate
/// (constant), exponential gaps with mean 1/rate drawn from the seed (Poisson), or 0 (rate = inf).
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly ArrivalProcess _arrival;
    private readonly double? _ratePerSecond;
    private readonly Random _random;
    private double _nextOffsetSeconds;

    /// <summary>Creates the schedule; <paramref name="ratePerSecond"/> null means all at once, otherwise it must be positive and finite.</summary>
    public ArrivalSchedule(ArrivalProcess arrival, double? ratePerSecond, int seed)
    {
        if (ratePerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), rate, "request rate must be positive and finite, or null for all at once");
        }

        _arrival = arrival;
        _ratePerSecond = ratePerSecond;
        _random = new Random(seed);
    }

    /// <summary>The next send time in seconds after the run start; non-decreasing.</summary>
    public double NextOffsetSeconds()
    {
        var offsetSeconds = _nextOffsetSeconds;
        if (_ratePerSecond is { } rate)
        {
            _nextOffsetSeconds += _arrival == ArrivalProcess.Constant
                ? 1 / rate
                : -Math.Log(1 - _random.NextDouble()) / rate;
        }

        return offsetSeconds;
    }
}
