using System.Diagnostics;
using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Controllers.EngineApi;

namespace Sluice.Controllers.Slo;

/// <summary>
/// Profiles one replica within a time box: closed-loop runs at batch sizes 1, 2, 4, … up to the workload's bound (each with as many
/// users as the batch) measure TPOT per batch until TPOT passes its limit; the largest batch under the
/// limit with a safety margin is chosen. Then open-loop Poisson runs at that batch, at rising fractions of
/// the throughput the batch run achieved, measure TTFT per rate until TTFT passes its limit; the largest
/// rate under it is chosen. The levers are set through /admin/config for each run; at the end the replica
/// runs the chosen point, with the SLO limits it judges finished requests against.
/// </summary>
public sealed class ProfilingSweep(EngineAdminClient admin, LoadRunner runner)
{
    private static readonly double[] RateFractions = [0.5, 0.7, 0.85, 1.0, 1.2];

    /// <summary>Runs the sweep against <paramref name="engineBaseUrl"/>; <paramref name="safetyMargin"/> is the share of each limit kept free.</summary>
    public async Task<ProfileResult> RunAsync(Uri engineBaseUrl, string adminToken, ProfilingWorkload workload, SloTargets targets, double safetyMargin, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var budgetSeconds = workload.TimeBudget.TotalSeconds;
        var batches = BatchSizes(workload.MaxBatchSize);

        var curve = new List<CurvePoint>();
        var runSeconds = Math.Max(1, budgetSeconds / (batches.Count + RateFractions.Length + 1));
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
        var capacity = throughputAtBatch.GetValueOrDefault(chosenBatch);
        var ratePoints = new List<CurvePoint>();
        foreach (var fraction in RateFractions)
        {
            if (capacity <= 0 || clock.Elapsed.TotalSeconds + runSeconds > budgetSeconds)
            {
                break;
            }

            var rate = Math.Round(capacity * fraction, 3);
            var spec = Spec(engineBaseUrl, workload) with { Mode = LoadMode.OpenLoop, RequestRatePerSecond = rate, DurationSeconds = runSeconds, NumRequests = null };
            if (Point(await runner.RunAsync(spec, cancellationToken), chosenBatch, rate, targets) is not { } point)
            {
                continue;
            }

            ratePoints.Add(point);
            if (point.TtftSeconds > targets.TtftSeconds)
            {
                break;
            }
        }

        curve.AddRange(ratePoints);
        double? chosenRate = null;
        var rateMeets = true;
        if (ratePoints.Count > 0)
        {
            (var r, rateMeets) = ProfileAnalysis.ChooseRequestRate(ratePoints, targets.TtftSeconds, safetyMargin);
            chosenRate = r;
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
