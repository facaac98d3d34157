using Sluice.Bench.Stats;

namespace Sluice.Bench.Results;

/// <summary>Any percentile of a run's latencies, for callers whose SLO percentile is not one of the summary's 50/90/95/99.</summary>
public static class RunPercentiles
{
    /// <summary>
    /// The <paramref name="percentile"/> (0..100) of <paramref name="metric"/> over the ok requests of
    /// <paramref name="run"/>, computed like <see cref="Percentiles.Of"/>; null when there is no sample.
    /// Needs <see cref="RunResult.Requests"/>, except for 50/90/95/99, which fall back to the summary.
    /// Throws <see cref="ArgumentException"/> when neither holds the answer.
    /// </summary>
    public static double? Of(RunResult run, LatencyMetric metric, double percentile)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Requests is { } requests)
        {
            var ok = requests.Where(r => r.Ok).ToList();
            List<double> samples = metric switch
            {
                LatencyMetric.Ttft => [.. ok.Where(r => r.TtftSeconds.HasValue).Select(r => r.TtftSeconds!.Value)],
                LatencyMetric.Tpot => [.. ok.Where(r => r.TpotSeconds.HasValue).Select(r => r.TpotSeconds!.Value)],
                LatencyMetric.Itl => [.. ok.SelectMany(r => r.InterTokenLatenciesSeconds)],
                _ => [.. ok.Select(r => r.E2eSeconds)],
            };
            return Percentiles.Of(samples, percentile);
        }

        var stats = metric switch
        {
            LatencyMetric.Ttft => run.Summary.Ttft,
            LatencyMetric.Tpot => run.Summary.Tpot,
            LatencyMetric.Itl => run.Summary.Itl,
            _ => run.Summary.E2e,
        };
        return percentile switch
        {
            50 => stats.P50,
            90 => stats.P90,
            95 => stats.P95,
            99 => stats.P99,
            _ => throw new ArgumentException($"p{percentile} needs the run's requests, which this result does not hold", nameof(percentile)),
        };
    }
}
