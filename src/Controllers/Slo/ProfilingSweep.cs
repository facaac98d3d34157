using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Controllers.EngineApi;

namespace Sluice.Controllers.Slo;

/// <summary>
/// Profiles one replica within a time box: closed-loop runs (each with as many users as the batch, a ninth of the time box,
/// started within its first two thirds) measure TPOT where <see cref="ProfileAnalysis.NextBatchSize"/> says — the workload's
/// bound first, then batch 1, then where the line through the largest batch that held and the smallest that did not crosses
/// the limit with a safety margin. The largest batch that held is chosen; when none held, batch 1 (not met). A loose TPOT
/// limit takes one run and a tight one three or four, where a grid of powers of two spends the time box on small batches
/// (on the H200 it stopped at batch 8 of 32 with TPOT at 12 of 20 ms). Then open-loop Poisson runs at that batch, each a third
/// of the time left (3 to 10 s of sending), are judged by where their TTFT is heading (<see cref="RatePointMeasure"/>): the
/// first at <see cref="FirstRateShare"/> of the throughput the batch run achieved (Poisson arrivals at a closed loop's
/// throughput queue without bound), then as <see cref="ProfileAnalysis.NextRequestRate"/> says (below a failed rate at what it
/// completed, between a held and a failed one, or 1.25 × past a held one but below the batch run's throughput); the
/// largest rate that held is chosen.
/// Every run sends prompts no earlier run of any sweep sent (its own seed: the sweep's start timestamp plus the run's number):
/// the engine's prefix cache holds the prompts of ended requests, and on the H200 a run that repeated an earlier run's prompts
/// prefilled almost nothing, measuring TPOT 13.3 ms at a batch that ran at 24.8 ms under real traffic. The levers are set
/// through /admin/config for each run; at the end the replica runs the chosen point, with the SLO limits it judges finished
/// requests against.
/// </summary>
public sealed class ProfilingSweep
{
    /// <summary>The first rate point's share of the closed-loop throughput at the chosen batch.</summary>
    public const double FirstRateShare = 0.85;

    /// <summary>Shortest open-loop rate point, seconds of sending.</summary>
    public const double MinRatePointSeconds = 3;

    /// <summary>Longest open-loop rate point, seconds of sending.</summary>
    public const double MaxRatePointSeconds = 10;

    /// <summary>Each batch run sends for the time box / this (each run also drains its last requests).</summary>
    private const int BatchRunsPlanned = 9;

    /// <summary>The share of the time box batch runs may start in; the rate runs get the rest.</summary>
    private const double BatchPhaseShare = 2.0 / 3;

    /// <summary>Open-loop points the time left for the rate phase is split into (the last may not fit: each point also drains).</summary>
    private const int RatePointsPlanned = 3;

    private readonly EngineAdminClient _admin;
    private readonly IProfilingLoad _load;
    private readonly TimeProvider _time;

    /// <summary>A sweep that loads the replica over HTTP with <paramref name="runner"/> and keeps its time box on the wall clock.</summary>
    public ProfilingSweep(EngineAdminClient admin, LoadRunner runner)
        : this(admin, new BenchProfilingLoad(runner), TimeProvider.System)
    {
    }

    /// <summary>A sweep that loads the replica with <paramref name="load"/> and keeps its time box on <paramref name="time"/> (a simulated clock in tests).</summary>
    public ProfilingSweep(EngineAdminClient admin, IProfilingLoad load, TimeProvider time)
    {
        _admin = admin;
        _load = load;
        _time = time;
    }

    /// <summary>Runs the sweep against <paramref name="engineBaseUrl"/>; <paramref name="safetyMargin"/> is the share of each limit kept free.</summary>
    public async Task<ProfileResult> RunAsync(Uri engineBaseUrl, string adminToken, ProfilingWorkload workload, SloTargets targets, double safetyMargin, CancellationToken cancellationToken)
    {
        var clock = new SweepClock(_time);
        var seedBase = unchecked((int)_time.GetTimestamp());
        var budgetSeconds = workload.TimeBudget.TotalSeconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(workload.MaxBatchSize, 1);

        var curve = new List<CurvePoint>();
        var runSeconds = Math.Max(1, budgetSeconds / BatchRunsPlanned);
        var throughputAtBatch = new Dictionary<int, double>();
        int? nextBatch = workload.MaxBatchSize;
        while (nextBatch is { } candidate && (curve.Count == 0 || clock.ElapsedSeconds + runSeconds <= budgetSeconds * BatchPhaseShare))
        {
            await _admin.SetAsync(engineBaseUrl, adminToken, candidate, null, cancellationToken);
            var spec = Spec(engineBaseUrl, workload, seedBase + curve.Count) with { Mode = LoadMode.ClosedLoop, Users = candidate, DurationSeconds = runSeconds, NumRequests = null };
            var result = await _load.RunAsync(spec, cancellationToken);
            if (Point(result, candidate, null, targets) is not { } point)
            {
                break;
            }

            curve.Add(point);
            throughputAtBatch[candidate] = result.Summary.RequestThroughputPerSecond;
            nextBatch = ProfileAnalysis.NextBatchSize(curve.ToDictionary(p => p.MaxBatchSize, p => p.TpotSeconds), targets.TpotSeconds * (1 - safetyMargin));
        }

        if (curve.Count == 0)
        {
            throw new InvalidOperationException($"the profiling sweep against {engineBaseUrl} measured no successful request");
        }

        var (chosenBatch, batchMeets) = ProfileAnalysis.ChooseBatchSize(curve, targets.TpotSeconds, safetyMargin);
        chosenBatch = batchMeets ? chosenBatch : 1; // none held: the least TPOT there is, whether measured or not
        await _admin.SetAsync(engineBaseUrl, adminToken, chosenBatch, null, cancellationToken);
        var ratePoints = new List<CurvePoint>();
        var pointSeconds = Math.Clamp((budgetSeconds - clock.ElapsedSeconds) / RatePointsPlanned, MinRatePointSeconds, MaxRatePointSeconds);
        var closedLoopRate = throughputAtBatch.GetValueOrDefault(chosenBatch);
        double? next = closedLoopRate > 0 ? Math.Round(closedLoopRate * FirstRateShare, 3) : null;
        while (next is { } rate && clock.ElapsedSeconds + pointSeconds <= budgetSeconds)
        {
            var spec = Spec(engineBaseUrl, workload, seedBase + curve.Count + ratePoints.Count) with { Mode = LoadMode.OpenLoop, RequestRatePerSecond = rate, DurationSeconds = pointSeconds, NumRequests = null };
            var result = await _load.RunAsync(spec, cancellationToken);
            if (RatePointMeasure.Of(result.Requests ?? [], pointSeconds, targets.Percentile) is not { } m)
            {
                break;
            }

            ratePoints.Add(new CurvePoint(chosenBatch, rate, m.TtftSeconds, m.TpotSeconds, m.OutputTokensPerSecond, m.ProjectedTtftSeconds, m.CompletedPerSecond));
            next = ProfileAnalysis.NextRequestRate(ratePoints, targets.TtftSeconds, safetyMargin, closedLoopRate);
        }

        curve.AddRange(ratePoints);
        double? chosenRate = null;
        var rateMeets = true;
        if (ratePoints.Count > 0)
        {
            (chosenRate, rateMeets) = ProfileAnalysis.ChooseRequestRate(ratePoints, targets.TtftSeconds, safetyMargin);
        }

        await _admin.SetAsync(engineBaseUrl, adminToken, chosenBatch, chosenRate, targets.EngineLimits, cancellationToken);
        return new ProfileResult(curve, new TuningPoint(chosenBatch, chosenRate), batchMeets && rateMeets);
    }

    /// <summary>A run's spec; <paramref name="seed"/> picks its prompts (distinct per seed and request index).</summary>
    private static BenchmarkSpec Spec(Uri engineBaseUrl, ProfilingWorkload workload, int seed) => new()
    {
        BaseUrl = engineBaseUrl,
        Model = workload.Model,
        Dataset = new DatasetSpec { InputTokens = workload.InputTokens, OutputTokens = workload.OutputTokens },
        RequestTimeoutSeconds = Math.Max(10, workload.TimeBudget.TotalSeconds),
        Seed = seed,
    };

    private static CurvePoint? Point(RunResult result, int batch, double? rate, SloTargets targets)
    {
        var ttft = RunPercentiles.Of(result, LatencyMetric.Ttft, targets.Percentile);
        var tpot = RunPercentiles.Of(result, LatencyMetric.Tpot, targets.Percentile);
        return ttft is null || tpot is null ? null : new CurvePoint(batch, rate, ttft.Value, tpot.Value, result.Summary.OutputTokenThroughputPerSecond);
    }

    /// <summary>Seconds since the sweep started, on the sweep's time provider.</summary>
    private sealed class SweepClock(TimeProvider time)
    {
        private readonly long _started = time.GetTimestamp();

        public double ElapsedSeconds => time.GetElapsedTime(_started).TotalSeconds;
    }
}
