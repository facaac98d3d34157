namespace Sluice.Controllers.Slo;

/// <summary>
/// The request rate one replica sustains, measured over the control periods during which every batch slot was busy and
/// requests waited throughout (at least <see cref="FullShare"/> of the slots running and requests waiting at the start,
/// requests waiting at the end): the rate requests completed over each such period (<see cref="SloSignals.RecentCompletedRatePerSecond"/>),
/// weighted by the periods' lengths, over the last window. A period whose slots were still filling does not count: right
/// after a load step a momentary queue showed half the real rate (on the simulated H200 2.2 req/s of a replica serving
/// 4.1). Null while the periods cover less than <see cref="MinSeconds"/>. Not thread-safe.
/// </summary>
public sealed class ReplicaCapacity(TimeSpan window)
{
    /// <summary>Least time with requests waiting throughout that a measurement needs (one short period's count is too noisy).</summary>
    public const double MinSeconds = 10;

    /// <summary>The share of the batch slots running that counts as all of them (the gauges are averages over the replicas).</summary>
    public const double FullShare = 0.9;

    private readonly List<(DateTimeOffset At, double RatePerSecond, double Seconds)> _samples = [];
    private DateTimeOffset? _periodAt;

    /// <summary>The latest measurement (requests per second per replica), or null.</summary>
    public double? PerSecond { get; private set; }

    /// <summary>
    /// Adds the period ending at <paramref name="now"/>: <paramref name="waitingBefore"/> and <paramref name="runningBefore"/> are
    /// the queue and the running requests at its start, <paramref name="batch"/> the max batch size in force.
    /// </summary>
    public double? Update(double? waitingBefore, double? runningBefore, int batch, SloSignals signals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var seconds = _periodAt is { } before ? (now - before).TotalSeconds : 0;
        _periodAt = now;
        if (waitingBefore > 0 && runningBefore >= batch * FullShare && signals.RequestsWaiting > 0 && seconds > 0 && signals.RecentCompletedRatePerSecond is { } rate and > 0)
        {
            _samples.Add((now, rate, seconds));
        }

        _samples.RemoveAll(s => s.At <= now - window);
        var covered = _samples.Sum(s => s.Seconds);
        PerSecond = covered >= MinSeconds ? _samples.Sum(s => s.RatePerSecond * s.Seconds) / covered : null;
        return PerSecond;
    }
}
