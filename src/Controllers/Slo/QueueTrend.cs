namespace Sluice.Controllers.Slo;

/// <summary>
/// How fast a deployment's waiting queue grew over the control window: arrivals that neither ended nor started yet, which the
/// ended-request counts behind demand do not see (while requests queue, demand counted at the end lags what arrives). One
/// instance per deployment; not thread-safe.
/// </summary>
public sealed class QueueTrend(TimeSpan window)
{
    private readonly List<(DateTimeOffset At, double Waiting)> _samples = [];

    /// <summary>
    /// Records the deployment's waiting requests at <paramref name="now"/> and returns the queue's growth per second since the
    /// oldest sample in the window (0 while it shrank, or with one sample).
    /// </summary>
    public double GrowthPerSecond(DateTimeOffset now, double waiting)
    {
        _samples.Add((now, waiting));
        _samples.RemoveAll(s => s.At < now - window);
        var (oldestAt, oldestWaiting) = _samples[0];
        var seconds = (now - oldestAt).TotalSeconds;
        return seconds > 0 ? Math.Max(0, waiting - oldestWaiting) / seconds : 0;
    }
}
