using Sluice.Bench.Results;
using Sluice.Bench.Stats;

namespace Sluice.Controllers.Slo;

/// <summary>
/// What one open-loop rate point of a profiling sweep showed, judged by its queue as well as its percentiles: a point too
/// short to fill the queue at an overloading rate still shows the queue growing. The TTFT trend is the least-squares slope
/// of TTFT over send time among the requests sent in the second half of the point (the batch slots are full by then);
/// the projection adds that growth over one more point length, so an overloading rate is judged by where its TTFT is heading.
/// </summary>
/// <param name="TtftSeconds">TTFT of the succeeded requests at the percentile.</param>
/// <param name="TpotSeconds">TPOT of the succeeded requests at the percentile (0 when none had two tokens).</param>
/// <param name="ProjectedTtftSeconds"><paramref name="TtftSeconds"/> plus the positive TTFT trend times the point's length.</param>
/// <param name="CompletedPerSecond">Succeeded requests that ended in the second half of the sending time, per second: the replica's capacity when the rate overloaded it.</param>
/// <param name="OutputTokensPerSecond">Their output tokens per second.</param>
public sealed record RatePointMeasure(double TtftSeconds, double TpotSeconds, double ProjectedTtftSeconds, double CompletedPerSecond, double OutputTokensPerSecond)
{
    /// <summary>Fewest requests the trend is fitted on; with fewer the trend counts as flat.</summary>
    public const int MinTrendRequests = 4;

    /// <summary>
    /// Measures <paramref name="records"/> of a point that sent for <paramref name="runSeconds"/> (times from the point's start);
    /// null when no request succeeded with a first token. Throws <see cref="ArgumentOutOfRangeException"/> for a non-positive length.
    /// </summary>
    public static RatePointMeasure? Of(IReadOnlyCollection<RequestRecord> records, double runSeconds, double percentile)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(runSeconds, 0);
        var ok = records.Where(r => r.Ok && r.TtftSeconds is not null).ToList();
        if (ok.Count == 0)
        {
            return null;
        }

        var ttft = Percentiles.Of(ok.Select(r => r.TtftSeconds!.Value).ToList(), percentile)!.Value;
        var tpot = Percentiles.Of(ok.Where(r => r.TpotSeconds is not null).Select(r => r.TpotSeconds!.Value).ToList(), percentile) ?? 0;
        var half = runSeconds / 2;
        var slope = Slope(ok.Where(r => r.StartSeconds >= half).Select(r => (r.StartSeconds, r.TtftSeconds!.Value)).ToList());
        var ended = ok.Where(r => r.StartSeconds + r.E2eSeconds > half && r.StartSeconds + r.E2eSeconds <= runSeconds).ToList();
        return new RatePointMeasure(ttft, tpot, ttft + (Math.Max(0, slope) * runSeconds), ended.Count / half, ended.Sum(r => r.OutputTokens) / half);
    }

    private static double Slope(List<(double X, double Y)> points)
    {
        if (points.Count < MinTrendRequests)
        {
            return 0;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return sxx <= 0 ? 0 : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
    }
}
