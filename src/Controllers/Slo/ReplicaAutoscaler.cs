using System.Globalization;

namespace Sluice.Controllers.Slo;

/// <summary>
/// Decides a deployment's replica count: desired = ceil(demand / (tuned per-replica rate × target
/// utilization)), clamped to [min, max]; up at once (also by one when TTFT breaches while requests queue),
/// down one replica at a time and only after the recommendation stayed below the current count for the
/// whole scale-down delay. One instance per deployment; not thread-safe.
/// </summary>
public sealed class ReplicaAutoscaler
{
    private readonly List<(DateTimeOffset At, int Replicas)> _recommendations = [];
    private DateTimeOffset _lastChangeAt = DateTimeOffset.MinValue;
    private DateTimeOffset? _observingSince;

    /// <summary>
    /// Returns the change to make now, or null to keep <paramref name="current"/>.
    /// <paramref name="demandRatePerSecond"/> is the deployment's arrival rate including 429-rejected requests;
    /// <paramref name="perReplicaRatePerSecond"/> the rate one replica sustains within the SLO.
    /// </summary>
    public ScaleDecision? Decide(int current, double demandRatePerSecond, double perReplicaRatePerSecond, bool ttftBreachedWhileQueueing, ScalingSettings settings, DateTimeOffset now)
    {
        if (settings.Paused)
        {
            _recommendations.Clear();
            _observingSince = null;
            return null;
        }

        _observingSince ??= now;
        var capacity = Math.Max(1e-9, perReplicaRatePerSecond * settings.TargetUtilization);
        var byDemand = Math.Max(1, (int)Math.Ceiling((demandRatePerSecond / capacity) - 1e-9));
        var wanted = ttftBreachedWhileQueueing ? Math.Max(byDemand, current + 1) : byDemand;
        var recommended = Math.Clamp(wanted, settings.MinReplicas, settings.MaxReplicas);
        _recommendations.Add((now, recommended));
        _recommendations.RemoveAll(r => r.At < now - settings.ScaleDownDelay);

        var numbers = $"demand {F(demandRatePerSecond)} req/s, {F(perReplicaRatePerSecond)} req/s per replica at {F(settings.TargetUtilization * 100)}% target utilization";
        if (current < settings.MinReplicas || current > settings.MaxReplicas)
        {
            var bounded = Math.Clamp(current, settings.MinReplicas, settings.MaxReplicas);
            return Change(current, bounded, $"replica count {current} outside [{settings.MinReplicas}, {settings.MaxReplicas}]", now);
        }

        if (recommended > current)
        {
            var why = ttftBreachedWhileQueueing && byDemand <= current ? "TTFT over its limit while requests queue" : numbers;
            return Change(current, recommended, why, now);
        }

        var sustained = now - _observingSince >= settings.ScaleDownDelay;
        var highest = _recommendations.Max(r => r.Replicas);
        if (sustained && highest < current && now - _lastChangeAt >= settings.ScaleDownStepInterval)
        {
            return Change(current, current - 1, $"{numbers}; at most {highest} needed for the last {settings.ScaleDownDelay.TotalSeconds}s", now);
        }

        return null;
    }

    private ScaleDecision Change(int from, int to, string reason, DateTimeOffset now)
    {
        _lastChangeAt = now;
        return new ScaleDecision(from, to, reason);
    }

    private static string F(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
