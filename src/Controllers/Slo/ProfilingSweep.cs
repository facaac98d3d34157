using System.Diagnostics;
using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Controllers.EngineApi;

namespace Sluice.Controllers.Slo;

/// <summary>
/// Profiles one replica within a time box: closed-loop runs at batch sizes 1, 2, 4, … up to the workload's bound (each with as many
/// users as the batch) measure TPOT per batch until TPOT passes its limit; the largest batch under the
/// limit with a safety margin is chosen. Then open-loop Poisson runs at that batch, each a third of the time left (3 to 10 s of
/// sending), are judged by where their TTFT is heading (<see cref="RatePointMeasure"/>): the first at the throughput the batch
/// run achieved, then as <see cref="ProfileAnalysis.NextRequestRate"/> says (below a failed rate at what it completed, between
/// a held and a failed one, or 1.25 × past a held one); the largest rate that held is chosen, or none (unlimited) when no rate
/// failed. The levers are set through /admin/config for each run; at the end the replica runs the chosen point, with the SLO
/// limits it judges finished requests against.
/// </summary>
public sealed class ProfilingSweep(EngineAdminClient admin, LoadRunner runner)
{
    /// <summary>Shortest open-loop rate point, seconds of sending.</summary>
    public const double MinRatePointSeconds = 3;

    /// <summary>Longest open-loop rate point, seconds of sending.</summary>
    public const double MaxRatePointSeconds = 10;

    /// <summary>Open-loop points the time left for the rate phase is split into (the last may not fit: each point also drains).</summary>
    private const int RatePointsPlanned = 3;

    /// <summary>Runs the sweep against <paramref name="engineBaseUrl"/>; <paramref name="safetyMargin"/> is the share of each limit kept free.</summary>
    public async Task<ProfileResult> RunAsync(Uri engineBaseUrl, string adminToken, ProfilingWorkload workload, SloTargets targets, double safetyMargin, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var budgetSeconds = workload.TimeBudget.TotalSeconds;
        var batches = BatchSizes(workload.MaxBatchSize);

        var curve = new List<CurvePoint>();
        var runSeconds = Math.Max(1, budgetSeconds / (batches.Count + 6));
        var throughputAtBatch = new Dictionary<int, double>();
        foreach (var batch in batches)
        {
            if (clock.Elapsed.TotalSeconds + runSeconds > budgetSeconds * 0.5)
            {
                break;
            }

            await admin.SetAsync(engineBaseUrl, adminToken, batch, null, cancellationToken);
            var spec = Spec(engineBaseUrl, workload) with { Mode = LoadMode.ClosedLoop, Users = batch, DurationSeconds = runSeconds, NumRequests = null };
            var result = await runner.RunAsync(spec, cancellationToken);
            if (Point(result, batch, null, targets) is not { } point)
            {
                continue;
            }

            curve.Add(point);
            throughputAtBatch[batch] = result.Summary.RequestThroughputPerSecond;
            if (point.TpotSeconds > targets.TpotSeconds)
            {
                break;
            }
        }

        if (curve.Count == 0)
        {
            throw new InvalidOperationException($"the profiling sweep against {engineBaseUrl} measured no successful request");
        }

        var (chosenBatch, batchMeets) = ProfileAnalysis.ChooseBatchSize(curve, targets.TpotSeconds, safetyMargin);
        await admin.SetAsync(engineBaseUrl, adminToken, chosenBatch, null, cancellationToken);
        var ratePoints = new List<CurvePoint>();
        var pointSeconds = Math.Clamp((budgetSeconds - clock.Elapsed.TotalSeconds) / RatePointsPlanned, MinRatePointSeconds, MaxRatePointSeconds);
        double? next = throughputAtBatch.GetValueOrDefault(chosenBatch) is > 0 and { } capacity ? Math.Round(capacity, 3) : null;
        while (next is { } rate && clock.Elapsed.TotalSeconds + pointSeconds <= budgetSeconds)
        {
            var spec = Spec(engineBaseUrl, workload) with { Mode = LoadMode.OpenLoop, RequestRatePerSecond = rate, DurationSeconds = pointSeconds, NumRequests = null };
            var result = await runner.RunAsync(spec, cancellationToken);
            if (RatePointMeasure.Of(result.Requests ?? [], pointSeconds, targets.Percentile) is not { } m)
            {
                break;
            }

            ratePoints.Add(new CurvePoint(chosenBatch, rate, m.TtftSeconds, m.TpotSeconds, m.OutputTokensPerSecond, m.ProjectedTtftSeconds, m.CompletedPerSecond));
            next = ProfileAnalysis.NextRequestRate(ratePoints, targets.TtftSeconds, safetyMargin);
        }

        curve.AddRange(ratePoints);
        double? chosenRate = null;
        var rateMeets = true;
        if (ratePoints.Count > 0)
        {
            (chosenRate, rateMeets) = ProfileAnalysis.ChooseRequestRate(ratePoints, targets.TtftSeconds, safetyMargin);
        }

        await admin.SetAsync(engineBaseUrl, adminToken, chosenBatch, chosenRate, targets.EngineLimits, cancellationToken);
        return new ProfileResult(curve, new TuningPoint(chosenBatch, chosenRate), batchMeets && rateMeets);
    }

    /// <summary>The batch sizes a sweep tries: 1, 2, 4, … up to <paramref name="maxBatchSize"/>, and that bound itself when it is not a power of two.</summary>
    public static IReadOnlyList<int> BatchSizes(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        var batches = new List<int>();
        for (var b = 1; b <= maxBatchSize && b > 0; b *= 2)
        {
            batches.Add(b);
        }

        if (batches[^1] != maxBatchSize)
        {
            batches.Add(maxBatchSize);
        }

        return batches;
    }

    private static BenchmarkSpec Spec(Uri engineBaseUrl, ProfilingWorkload workload) => new()
    {
        BaseUrl = engineBaseUrl,
        Model = workload.Model,
        Dataset = new DatasetSpec { InputTokens = workload.InputTokens, OutputTokens = workload.OutputTokens },
        RequestTimeoutSeconds = Math.Max(10, workload.TimeBudget.TotalSeconds),
        Seed = 1,
    };

    private static CurvePoint? Point(RunResult result, int batch, double? rate, SloTargets targets)
    {
        var ttft = RunPercentiles.Of(result, LatencyMetric.Ttft, targets.Percentile);
        var tpot = RunPercentiles.Of(result, LatencyMetric.Tpot, targets.Percentile);
        return ttft is null || tpot is null ? null : new CurvePoint(batch, rate, ttft.Value, tpot.Value, result.Summary.OutputTokenThroughputPerSecond);
    }
}
