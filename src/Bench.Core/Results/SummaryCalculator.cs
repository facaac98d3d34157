using Sluice.Bench.Spec;

namespace Sluice.Bench.Results;

/// <summary>Turns request records into a <see cref="RunSummary"/>. Pure: same records, same summary.</summary>
public static class SummaryCalculator
{
    /// <summary>Summarizes <paramref name="records"/>; goodput is computed when <paramref name="slo"/> sets a limit.</summary>
    public static RunSummary Summarize(IReadOnlyList<RequestRecord> records, SloSpec slo)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(slo);
        var ok = records.Where(r => r.Ok).ToList();
        var durationSeconds = records.Count == 0 ? 0 : records.Max(r => r.StartSeconds + r.E2eSeconds);
        var inputTokens = ok.Sum(r => (long)r.InputTokens);
        var outputTokens = ok.Sum(r => (long)r.OutputTokens);
        int? sloMet = slo.IsSet ? ok.Count(r => MeetsSlo(r, slo)) : null;
        return new RunSummary
        {
            TotalRequests = records.Count,
            OkRequests = ok.Count,
            FailedRequests = records.Count - ok.Count,
            ErrorsByKind = records.Where(r => !r.Ok)
                .GroupBy(r => r.ErrorKind ?? "unknown")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count()),
            DurationSeconds = durationSeconds,
            RequestThroughputPerSecond = PerSecond(ok.Count, durationSeconds),
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            OutputTokenThroughputPerSecond = PerSecond(outputTokens, durationSeconds),
            TotalTokenThroughputPerSecond = PerSecond(inputTokens + outputTokens, durationSeconds),
            MeanConcurrency = PerSecond(records.Sum(r => r.E2eSeconds), durationSeconds),
            SloMetRequests = sloMet,
            GoodputRequestsPerSecond = sloMet is { } met ? PerSecond(met, durationSeconds) : null,
            SloAttainment = sloMet is { } m && records.Count > 0 ? (double)m / records.Count : null,
            Ttft = LatencyStats.From([.. ok.Where(r => r.TtftSeconds.HasValue).Select(r => r.TtftSeconds!.Value)]),
            Tpot = LatencyStats.From([.. ok.Where(r => r.TpotSeconds.HasValue).Select(r => r.TpotSeconds!.Value)]),
            Itl = LatencyStats.From([.. ok.SelectMany(r => r.InterTokenLatenciesSeconds)]),
            E2e = LatencyStats.From([.. ok.Select(r => r.E2eSeconds)]),
        };
    }

    /// <summary>True when <paramref name="record"/> succeeded and meets every limit <paramref name="slo"/> sets.</summary>
    public static bool MeetsSlo(RequestRecord record, SloSpec slo)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(slo);
        return record.Ok
            && (slo.TtftSeconds is not { } ttftLimit || (record.TtftSeconds is { } ttft && ttft <= ttftLimit))
            && (slo.TpotSeconds is not { } tpotLimit || record.TpotSeconds is not { } tpot || tpot <= tpotLimit);
    }

    private static double PerSecond(double amount, double durationSeconds) => durationSeconds > 0 ? amount / durationSeconds : 0;
}
