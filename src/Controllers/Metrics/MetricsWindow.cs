using Sluice.Contracts.Metrics;

namespace Sluice.Controllers.Metrics;

/// <summary>
/// Keeps each pod's recent scrapes and turns them into a <see cref="WindowedObservation"/> over a
/// sliding window. Counter resets (an engine restart) are handled by taking the newer scrape whole.
/// Pods not scraped for longer than the window are forgotten. Not thread-safe.
/// </summary>
public sealed class MetricsWindow(TimeSpan window)
{
    private readonly Dictionary<string, List<EngineMetricsSnapshot>> _byPod = new(StringComparer.Ordinal);

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; } = window;

    /// <summary>Records a scrape of <paramref name="pod"/>.</summary>
    public void Add(string pod, EngineMetricsSnapshot snapshot)
    {
        if (!_byPod.TryGetValue(pod, out var list))
        {
            _byPod[pod] = list = [];
        }

        list.Add(snapshot);
    }

    /// <summary>Forgets pods not in <paramref name="livePods"/> (deleted or no longer ready).</summary>
    public void RetainPods(IReadOnlySet<string> livePods)
    {
        foreach (var pod in _byPod.Keys.Where(p => !livePods.Contains(p)).ToList())
        {
            _byPod.Remove(pod);
        }
    }

    /// <summary>
    /// The observation over the last <see cref="Window"/> (or <paramref name="window"/> when given and shorter)
    /// as of <paramref name="now"/>; null when no pod has two scrapes yet.
    /// </summary>
    public WindowedObservation? Observe(DateTimeOffset now, TimeSpan? window = null)
    {
        var span = window is { } w && w < Window ? w : Window;
        Prune(now);
        var pods = new List<(WindowedObservation Delta, double Seconds)>();
        foreach (var scrapes in _byPod.Values.Where(s => s.Count >= 2))
        {
            var newest = scrapes[^1];
            var oldest = scrapes.LastOrDefault(s => s.ScrapedAt <= now - span) ?? scrapes[0];
            if (ReferenceEquals(oldest, newest))
            {
                oldest = scrapes[^2];
            }

            pods.Add((Delta(newest, oldest), Math.Max(1e-9, (newest.ScrapedAt - oldest.ScrapedAt).TotalSeconds)));
        }

        if (pods.Count == 0)
        {
            return null;
        }

        // A pod that joined within the window saw traffic only for part of it, while the others took its share
        // before: its count belongs over the same (longest) span, or the sum overestimates demand after a scale-up.
        var longestSeconds = pods.Max(p => p.Seconds);
        return pods.Select(p => Rescale(p.Delta, p.Seconds / longestSeconds)).Aggregate(Combine);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (pod, scrapes) in _byPod.ToList())
        {
            // Keep one scrape older than the window as the baseline of the delta.
            var firstInWindow = scrapes.FindIndex(s => s.ScrapedAt > now - Window);
            if (firstInWindow < 0)
            {
                _byPod.Remove(pod);
            }
            else if (firstInWindow > 1)
            {
                scrapes.RemoveRange(0, firstInWindow - 1);
            }
        }
    }

    private static WindowedObservation Delta(EngineMetricsSnapshot newest, EngineMetricsSnapshot oldest)
    {
        var reset = newest.GenerationTokensTotal < oldest.GenerationTokensTotal ||
                    newest.RequestsByOutcome.Any(kv => kv.Value < oldest.RequestsByOutcome.GetValueOrDefault(kv.Key));
        var baseline = reset ? null : oldest;
        var seconds = Math.Max(1e-9, (newest.ScrapedAt - oldest.ScrapedAt).TotalSeconds);
        double Count(string outcome) => newest.RequestsByOutcome.GetValueOrDefault(outcome) - (baseline?.RequestsByOutcome.GetValueOrDefault(outcome) ?? 0);
        var demand = newest.RequestsByOutcome.Keys.Where(o => o != "rejected_invalid").Sum(Count);
        return new WindowedObservation(
            baseline is null ? newest.Ttft : newest.Ttft.Minus(baseline.Ttft),
            baseline is null ? newest.Tpot : newest.Tpot.Minus(baseline.Tpot),
            demand / seconds,
            Count(RequestOutcomes.RejectedRate) / seconds,
            (newest.GenerationTokensTotal - (baseline?.GenerationTokensTotal ?? 0)) / seconds,
            newest.RequestsRunning,
            newest.RequestsWaiting,
            newest.KvCacheUsageRatio,
            Pods: 1,
            CounterDelta(newest.SloJudgedTotal, baseline?.SloJudgedTotal),
            CounterDelta(newest.SloWithinTotal, baseline?.SloWithinTotal));
    }

    // A counter the newer scrape exports and the older one did not yet (no limit was set then) started at zero in between.
    private static double? CounterDelta(double? newest, double? oldest) =>
        newest is { } n ? Math.Max(0, n - (oldest is { } o && o <= n ? o : 0)) : null;

    private static double? SumOrNull(double? a, double? b) => a is { } x && b is { } y ? x + y : null;

    private static WindowedObservation Rescale(WindowedObservation pod, double factor) => pod with
    {
        DemandRatePerSecond = pod.DemandRatePerSecond * factor,
        RejectedRatePerSecond = pod.RejectedRatePerSecond * factor,
        TokensPerSecond = pod.TokensPerSecond * factor,
    };

    private static WindowedObservation Combine(WindowedObservation a, WindowedObservation b) => new(
        a.Ttft.Plus(b.Ttft),
        a.Tpot.Plus(b.Tpot),
        a.DemandRatePerSecond + b.DemandRatePerSecond,
        a.RejectedRatePerSecond + b.RejectedRatePerSecond,
        a.TokensPerSecond + b.TokensPerSecond,
        a.RequestsRunning + b.RequestsRunning,
        a.RequestsWaiting + b.RequestsWaiting,
        ((a.KvCacheUsageRatio * a.Pods) + (b.KvCacheUsageRatio * b.Pods)) / (a.Pods + b.Pods),
        a.Pods + b.Pods,
        SumOrNull(a.SloJudged, b.SloJudged),
        SumOrNull(a.SloWithin, b.SloWithin));
}
