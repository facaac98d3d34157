namespace Sluice.Controllers.Slo;

/// <summary>
/// The request rate one replica sustains, measured over the control periods during which every batch slot was busy and
/// requests waited throughout (all slots running and requests waiting at the start, requests waiting at the end): its generated tokens per second over each such period divided by the output tokens
/// a request took over the control window, weighted by the periods' lengths, over the last window. Tokens follow the batch at
/// once, while completions lag by a request's whole duration: right after a load step the completion rate still shows the
/// requests admitted before it (on the simulated H200 it read 2.2 req/s of a replica serving 4.2). Without token counts the
/// completion rate over the period stands in. Null while the periods cover less than <see cref="MinSeconds"/>. Not thread-safe.
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
