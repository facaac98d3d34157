using Sluice.Bench.Results;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Tests.Fakes;

/// <summary>Results files built from scripted records, for chart, JSON and comparison tests.</summary>
public static class SampleResults
{
    public static RunResult Run(LoadMode mode, int users, double? ratePerSecond, double ttftSeconds, double e2eSeconds, int outputTokens, SloSpec? slo = null, int numRequests = 2)
    {
        var spec = new BenchmarkSpec
        {
            BaseUrl = new Uri("http://127.0.0.1:8000"),
            Model = "m",
            Mode = mode,
            Users = users,
            RequestRatePerSecond = ratePerSecond,
            NumRequests = numRequests,
            Slo = slo ?? new SloSpec(),
        };
        var records = Enumerable.Range(0, numRequests)
            .Select(i => Records.Ok(i, i * e2eSeconds, ttftSeconds, e2eSeconds, outputTokens, 10, 0.01, 0.02))
            .ToList();
        return new RunResult
        {
            Spec = spec,
            StartedAtUtc = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero),
            Summary = SummaryCalculator.Summarize(records, spec.Slo),
            Requests = records,
        };
    }

    /// <summary>A concurrency sweep over <paramref name="users"/>: TTFT grows 0.1 s per user, e2e 1 s + 0.1 s per user, 100 tokens each.</summary>
    public static ResultsFile ConcurrencySweep(int[] users, SloSpec? slo = null) => new()
    {
        Kind = ResultsKind.Sweep,
        Axis = SweepAxis.Concurrency,
        CreatedAtUtc = new DateTimeOffset(2026, 11, 22, 1, 5, 0, TimeSpan.Zero),
        Runs = [.. users.Select(u => Run(LoadMode.ClosedLoop, u, null, 0.1 * u, 1 + (0.1 * u), 100, slo))],
    };
}
