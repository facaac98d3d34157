using Sluice.Bench.Results;
using Sluice.Bench.Stats;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// What the load generator measured over a window: the requests that ended in (from, to] seconds after the load started, as
/// the tune command's client window counts them. Goodput is output tokens per second of the requests within both limits.
/// </summary>
internal sealed record ClientStats(int Ended, int Finished, int Refused, double? TtftSeconds, double? TpotSeconds, double? AttainmentOfFinished, double OutputTokensPerSecond, double GoodputTokensPerSecond)
{
    public static ClientStats Of(IReadOnlyCollection<RequestRecord> records, double fromSeconds, double toSeconds, double percentile, double ttftLimitSeconds, double tpotLimitSeconds)
    {
        var ended = records.Where(r => r.StartSeconds + r.E2eSeconds > fromSeconds && r.StartSeconds + r.E2eSeconds <= toSeconds).ToList();
        var ok = ended.Where(r => r.Ok).ToList();
        var within = ok.Where(r => r.TtftSeconds <= ttftLimitSeconds && (r.TpotSeconds is not { } tpot || tpot <= tpotLimitSeconds)).ToList();
        var seconds = toSeconds - fromSeconds;
        return new ClientStats(
            ended.Count,
            ok.Count,
            ended.Count(r => r.StatusCode == 429),
            Percentiles.Of(ok.Select(r => r.TtftSeconds!.Value).ToList(), percentile),
            Percentiles.Of(ok.Where(r => r.TpotSeconds is not null).Select(r => r.TpotSeconds!.Value).ToList(), percentile),
            ok.Count > 0 ? (double)within.Count / ok.Count : null,
            ok.Sum(r => r.OutputTokens) / seconds,
            within.Sum(r => r.OutputTokens) / seconds);
    }
}
