using Sluice.Bench.Results;
using Sluice.Bench.Stats;

namespace Sluice.Operator.Cli.Tune;

/// <summary>
/// What the load generator itself measured over one window: the requests that ended in (from, to] seconds after the load
/// started. Attainment counts a request within the SLO when it succeeded and its TTFT and TPOT were both within the limits
/// (one output token: no TPOT, within); <see cref="AttainmentOfFinished"/> is over succeeded requests only (what the engine
/// judges), <see cref="AttainmentOfOffered"/> over every request that ended, 429-refused and failed ones included.
/// </summary>
/// <param name="Requests">Requests that ended in the window.</param>
/// <param name="Finished">Of those, the succeeded ones.</param>
/// <param name="Refused">Of those, the ones answered 429.</param>
/// <param name="TtftSeconds">TTFT of the succeeded requests at the percentile; null when none.</param>
/// <param name="TpotSeconds">TPOT of the succeeded requests at the percentile; null when none.</param>
/// <param name="OutputTokensPerSecond">Output tokens of succeeded requests per second of window.</param>
/// <param name="GoodputTokensPerSecond">Output tokens of requests within both limits per second of window.</param>
public sealed record ClientWindow(
    int Requests,
    int Finished,
    int Refused,
    double? TtftSeconds,
    double? TpotSeconds,
    double? AttainmentOfFinished,
    double? AttainmentOfOffered,
    double OutputTokensPerSecond,
    double GoodputTokensPerSecond)
{
    /// <summary>The window's statistics; <paramref name="toSeconds"/> must exceed <paramref name="fromSeconds"/>.</summary>
    public static ClientWindow Of(IReadOnlyCollection<RequestRecord> records, double fromSeconds, double toSeconds, double percentile, double ttftLimitSeconds, double tpotLimitSeconds)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(toSeconds, fromSeconds);
        var ended = records.Where(r => r.StartSeconds + r.E2eSeconds > fromSeconds && r.StartSeconds + r.E2eSeconds <= toSeconds).ToList();
        var ok = ended.Where(r => r.Ok).ToList();
        var within = ok.Where(r => Within(r, ttftLimitSeconds, tpotLimitSeconds)).ToList();
        var seconds = toSeconds - fromSeconds;
        return new ClientWindow(
            ended.Count,
            ok.Count,
            ended.Count(r => r.StatusCode == 429),
            Percentiles.Of(ok.Where(r => r.TtftSeconds is not null).Select(r => r.TtftSeconds!.Value).ToList(), percentile),
            Percentiles.Of(ok.Where(r => r.TpotSeconds is not null).Select(r => r.TpotSeconds!.Value).ToList(), percentile),
            ok.Count > 0 ? (double)within.Count / ok.Count : null,
            ended.Count > 0 ? (double)within.Count / ended.Count : null,
            ok.Sum(r => r.OutputTokens) / seconds,
            within.Sum(r => r.OutputTokens) / seconds);
    }

    /// <summary>True when <paramref name="record"/> succeeded within both limits.</summary>
    public static bool Within(RequestRecord record, double ttftLimitSeconds, double tpotLimitSeconds) =>
        record.Ok && record.TtftSeconds is { } ttft && ttft <= ttftLimitSeconds && (record.TpotSeconds is not { } tpot || tpot <= tpotLimitSeconds);
}
