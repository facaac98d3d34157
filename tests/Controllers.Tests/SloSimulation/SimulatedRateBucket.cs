namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// The engine's admitted-rate lever (RequestRateGate): a token bucket holding ceil(rate) requests, refilled at the rate, full
/// again whenever the rate is set (the engine builds a new bucket on every change). No rate means unlimited.
/// </summary>
internal sealed class SimulatedRateBucket
{
    private double? _ratePerSecond;
    private double _tokens;
    private double _updatedSeconds;

    /// <summary>The rate in force; null = unlimited.</summary>
    public double? RatePerSecond => _ratePerSecond;

    /// <summary>Sets the rate at <paramref name="nowSeconds"/> with a full bucket.</summary>
    public void Set(double? ratePerSecond, double nowSeconds)
    {
        _ratePerSecond = ratePerSecond;
        _tokens = ratePerSecond is { } rate ? Math.Max(1, Math.Ceiling(rate)) : 0;
        _updatedSeconds = nowSeconds;
    }

    /// <summary>Takes a token for a request arriving at <paramref name="nowSeconds"/>; false when the bucket is empty (429).</summary>
    public bool TryTake(double nowSeconds)
    {
        if (_ratePerSecond is not { } rate)
        {
            return true;
        }

        _tokens = Math.Min(Math.Max(1, Math.Ceiling(rate)), _tokens + (rate * (nowSeconds - _updatedSeconds)));
        _updatedSeconds = nowSeconds;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
