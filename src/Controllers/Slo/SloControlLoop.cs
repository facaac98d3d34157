using System.Collections.Concurrent;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Slo;

/// <summary>
/// One control period for one deployment: scrape every ready pod, update the sliding windows, observe
/// the SLO over the status window, tune the per-replica levers over the (shorter) control window and
/// push them, with the SLO limits the engines judge each finished request against (exact attainment), to every pod
/// that runs different ones, then decide the replica count. Scrape and admin
/// failures of single pods are reported, never thrown: the period goes on with the pods that answered. The
/// result also carries what each scraped pod reports it serves (sluice_model_info).
/// </summary>
public sealed class SloControlLoop(EngineMetricsScraper scraper, EngineAdminClient admin, TunerSettings tunerSettings, TimeSpan statusWindow, TimeSpan controlWindow)
{
    private readonly ConcurrentDictionary<string, DeploymentSloState> _states = new(StringComparer.Ordinal);

    /// <summary>The admin client the loop pushes levers with (also used for fixed levers while scaling is paused).</summary>
    public EngineAdminClient Admin => admin;

    /// <summary>Drops the memory of a deleted deployment.</summary>
    public void Forget(string deploymentKey) => _states.TryRemove(deploymentKey, out _);

    public async Task<SloControlResult> RunPeriodAsync(string deploymentKey, SloControlInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = _states.GetOrAdd(deploymentKey, _ => new DeploymentSloState(statusWindow, tunerSettings with { ControlWindow = controlWindow }));
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(state, input, now, cancellationToken);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private async Task<SloControlResult> RunAsync(DeploymentSloState state, SloControlInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentBag<string>();
        var metricsProblems = new ConcurrentBag<string>();
        var scraped = await Task.WhenAll(input.ReadyPods.Select(async pod =>
        {
            try
            {
                return (Pod: pod, Snapshot: (EngineMetricsSnapshot?)await scraper.ScrapeAsync(pod.BaseUrl, now, cancellationToken, input.RuntimeMetrics));
            }
            catch (EngineApiException ex)
            {
                errors.Add($"pod {pod.Name}: {ex.Message}");
                if (ex.InnerException is FormatException)
                {
                    metricsProblems.Add($"pod {pod.Name}: {ex.InnerException.Message}");
                }

                return (Pod: pod, Snapshot: null);
            }
        }));
        foreach (var (pod, snapshot) in scraped.Where(s => s.Snapshot is not null))
        {
            state.Window.Add(pod.Name, snapshot!);
        }

        state.Window.RetainPods(input.ReadyPods.Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
        var observed = state.Window.Observe(now) is { } whole ? Observe(whole, input.Targets) : null;
        var point = input.CurrentPoint;
        IReadOnlyList<string> reasons = [];
        ScaleDecision? scale = null;
        if (state.Window.Observe(now, controlWindow) is { } recent)
        {
            var pods = Math.Max(1, recent.Pods);
            var signals = new SloSignals(
                recent.Ttft.Quantile(input.Targets.Quantile),
                recent.Tpot.Quantile(input.Targets.Quantile),
                recent.DemandRatePerSecond / pods,
                recent.RejectedRatePerSecond / pods,
                recent.RequestsWaiting / pods,
                recent.RequestsRunning / pods,
                state.Window.Observe(now, TimeSpan.FromTicks(1)) is { } last ? Math.Max(0, last.DemandRatePerSecond - last.RejectedRatePerSecond) / Math.Max(1, last.Pods) : null);
            var decision = state.Tuner.Next(point, input.Targets, signals, input.Bounds, now);
            point = decision.Point;
            reasons = decision.Reasons;
            scale = Scale(state, input, point, signals, recent, now);
        }

        await PushAsync(scraped.Where(s => s.Snapshot is not null).Select(s => (s.Pod, s.Snapshot!)), point, input, errors, cancellationToken);
        var modelInfo = scraped.Where(s => s.Snapshot?.ModelInfo is not null)
            .ToDictionary(s => s.Pod.Name, s => s.Snapshot!.ModelInfo!, StringComparer.Ordinal);
        return new SloControlResult(observed, point, reasons, scale, errors.ToList(), modelInfo, metricsProblems.OrderBy(p => p, StringComparer.Ordinal).ToList());
    }

    private static ScaleDecision? Scale(DeploymentSloState state, SloControlInput input, TuningPoint point, SloSignals signals, WindowedObservation recent, DateTimeOffset now)
    {
        var breachedWhileQueueing = signals.TtftSeconds > input.Targets.TtftSeconds && signals.RequestsWaiting > 0;
        // A replica serves at most what it was measured to complete while requests waited (the rate lever or the profile may
        // promise more: a sweep against one pod while the others idle measures a whole GPU). Without any per-replica rate,
        // assume the current count fits the current demand: only a TTFT breach while queueing can then scale (up).
        var planned = point.MaxRequestRatePerSecond ?? input.ProfiledRatePerReplica;
        var perReplica = state.Tuner.CapacityPerSecond is { } measured ? Math.Min(measured, planned ?? double.MaxValue) : planned
            ?? Math.Max(1e-6, recent.DemandRatePerSecond / Math.Max(1, input.CurrentReplicas) / input.Scaling.TargetUtilization);
        // Demand counts requests when they end; what arrives into a growing queue has not ended yet.
        var demand = recent.DemandRatePerSecond + state.Queue.GrowthPerSecond(now, recent.RequestsWaiting);
        return state.Autoscaler.Decide(input.CurrentReplicas, demand, perReplica, breachedWhileQueueing, input.Scaling, now);
    }

    /// <summary>
    /// Pushes the point to every pod that runs another one. With a restart-only batch lever each pod is sent the batch limit it
    /// runs (a rolling restart changes it), so only the rate and the SLO limits move live.
    /// </summary>
    private async Task PushAsync(
        IEnumerable<(EnginePod Pod, EngineMetricsSnapshot Snapshot)> pods, TuningPoint point, SloControlInput input, ConcurrentBag<string> errors, CancellationToken cancellationToken)
    {
        var targets = input.Targets;
        int BatchFor(EngineMetricsSnapshot snapshot) => input.BatchLeverLive ? point.MaxBatchSize : (int)(snapshot.ConfigMaxBatchSize ?? point.MaxBatchSize);
        var stale = pods.Where(p => (int?)p.Snapshot.ConfigMaxBatchSize != BatchFor(p.Snapshot) || !SameRate(p.Snapshot.ConfigMaxRequestRate, point.MaxRequestRatePerSecond)
                                    || !SameRate(p.Snapshot.ConfigSloTtftSeconds, targets.EngineLimits.TtftSeconds) || !SameRate(p.Snapshot.ConfigSloTpotSeconds, targets.EngineLimits.TpotSeconds));
        await Task.WhenAll(stale.Select(async p =>
        {
            try
            {
                await admin.SetAsync(p.Pod.BaseUrl, input.AdminToken, BatchFor(p.Snapshot), point.MaxRequestRatePerSecond, targets.EngineLimits, cancellationToken);
            }
            catch (EngineApiException ex)
            {
                errors.Add($"pod {p.Pod.Name}: {ex.Message}");
            }
        }));
    }

    private static bool SameRate(double? a, double? b) => (a, b) switch
    {
        (null, null) => true,
        ({ } x, { } y) => Math.Abs(x - y) < 1e-6,
        _ => false,
    };

    private static ObservedSlo Observe(WindowedObservation window, SloTargets targets) => new(
        window.Ttft.Quantile(targets.Quantile),
        window.Tpot.Quantile(targets.Quantile),
        window.DemandRatePerSecond,
        window.TokensPerSecond,
        window.RequestsWaiting,
        window.SloAttainment(targets.TtftSeconds, targets.TpotSeconds),
        window.KvCacheUsageRatio,
        window.SloAttainmentExact);
}
