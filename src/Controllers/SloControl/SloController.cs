using System.Collections.Concurrent;
using System.Text;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Controllers.Desired;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Runtimes;
using Sluice.Controllers.Slo;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;
using static Sluice.Kubernetes.Helpers.ModelMaps;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// The SLO controller: every <see cref="SloControlOptions.Period"/> (scheduled per deployment by <see cref="SloScheduler"/>), for each LLMDeployment that
/// is not degraded by its spec and not paused, it lists the ready engine pods, reads the admin token, runs one
/// <see cref="SloControlLoop"/> period (scrape, tune, push /admin/config, decide replicas) — or, once per spec
/// generation, a <see cref="SloProfiler"/> sweep (its own task) that sets the starting levers and status.tuning.curve — writes status
/// (observed, tuning, SloMet, desiredReplicas, lastScale, engine) when it changed and records an Event per tuning
/// reason, per scale decision and per unreachable pod. The reconciler then runs the Deployment at
/// status.desiredReplicas. Run it only while leading. Failures of one deployment are logged and retried
/// next period; they never stop the others.
/// </summary>
public sealed class SloController(
    IKubernetesClient client,
    IObjectReader reader,
    SloControlLoop loop,
    SloControlOptions options,
    ReconcilerOptions reconcilerOptions,
    IEventRecorder events,
    TimeProvider clock,
    ILogger<SloController> logger,
    SloProfiler? profiler = null)
{
    public const string TunedReason = "Tuned";
    public const string ScaledReason = "Scaled";
    public const string EngineUnreachableReason = "EngineUnreachable";
    public const string RollingRestartReason = "RollingRestart";

    private static readonly Dictionary<string, string> NoLabels = [];

    private readonly ConcurrentDictionary<string, Memory> _memory = new(StringComparer.Ordinal);
    private readonly ProfilingRuns _profiles = new(logger);
    private readonly ChildWriter _writer = new(client, reader, reconcilerOptions.FieldManager);

    /// <summary>
    /// One period for <paramref name="namespace"/>/<paramref name="name"/>; false when that LLMDeployment is gone (its
    /// memory is then forgotten). A profiling sweep it needs starts as its own task and this returns at once; the
    /// deployment's periods are skipped until the sweep ends. Never throws but for cancellation: one deployment's
    /// trouble (API error, unexpected engine answer) is logged and retried next period.
    /// </summary>
    public async Task<bool> RunKeyAsync(string? @namespace, string name, CancellationToken cancellationToken)
    {
        var key = $"{@namespace}/{name}";
        LLMDeployment? resource;
        try
        {
            resource = await reader.TryGetAsync<LLMDeployment>(EntityTypes.LLMDeployment, @namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex)
        {
            logger.LogWarning("reading {Key} failed: {Message}", key, ex.Message);
            return true;
        }

        if (resource is null)
        {
            Forget(key);
            return false;
        }

        await RunGuardedAsync(key, resource, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// One period over every LLMDeployment in <paramref name="namespaces"/>, one after the other, then waits for the
    /// profiling sweeps it started; forgets the ones that are gone. For tools and tests: the operator runs
    /// <see cref="RunKeyAsync"/> per deployment from the <see cref="SloScheduler"/>.
    /// </summary>
    public async Task RunPeriodAsync(IReadOnlyList<string?> namespaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            IReadOnlyList<LLMDeployment> list;
            try
            {
                list = await reader.ListAsync<LLMDeployment>(EntityTypes.LLMDeployment, ns, NoLabels, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException ex)
            {
                logger.LogWarning("listing LLMDeployments in {Namespace} failed: {Message}", ns ?? "all namespaces", ex.Message);
                continue;
            }

            foreach (var resource in list)
            {
                var key = $"{resource.Metadata.NamespaceProperty}/{resource.Metadata.Name}";
                seen.Add(key);
                await RunGuardedAsync(key, resource, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var gone in _memory.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            Forget(gone);
        }

        await _profiles.WhenAllAsync().ConfigureAwait(false);
    }

    private async Task RunGuardedAsync(string key, LLMDeployment resource, CancellationToken cancellationToken)
    {
        try
        {
            await RunOneAsync(key, resource, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One deployment's trouble (API error, unexpected engine answer) never stops the others.
            logger.LogWarning(ex, "SLO control of {Key} failed this period: {Message}", key, ex.Message);
        }
    }

    private void Forget(string key)
    {
        _memory.TryRemove(key, out _);
        _profiles.Forget(key);
        loop.Forget(key);
    }

    private async Task RunOneAsync(string key, LLMDeployment resource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var spec = resource.Spec;
        if (resource.Metadata.DeletionTimestamp is not null || SpecDegraded(resource.Status) || _profiles.IsRunning(key))
        {
            return;
        }

        if (spec.Scaling?.Paused == true)
        {
            // Paused: nothing is tuned or scaled, but a lever the user fixed still reaches every engine (it is not in the pod's args).
            await PausedLevers.ApplyAsync(loop.Admin, reader, resource, reconcilerOptions.Engine.ApiPort, cancellationToken).ConfigureAwait(false);
            return;
        }

        var ns = resource.Metadata.NamespaceProperty;
        var name = resource.Metadata.Name!;
        var pods = await reader.ListAsync<V1Pod>(ResourceTypes.Pod, ns, ChildLabels.Selector(name), cancellationToken).ConfigureAwait(false);
        var ready = EnginePods.Ready(pods, reconcilerOptions.Engine.ApiPort);
        if (ready.Count == 0)
        {
            return;
        }

        var secret = await reader.TryGetAsync<V1Secret>(ResourceTypes.Secret, ns, ChildNames.For(name).AdminSecret, cancellationToken).ConfigureAwait(false);
        if (secret?.Data.Lookup(EngineArgs.AdminTokenKey) is not { Length: > 0 } tokenBytes)
        {
            logger.LogInformation("{Key}: the admin token Secret is not there yet; skipping this period", key);
            return;
        }

        _memory.TryGetValue(key, out var memory);
        var levers = RuntimeLevers.For(resource, EngineRuntimeCatalog.For(spec) ?? new SluiceRuntime(), pods, now, options);
        var bounds = levers.Bounds(SloSpecReader.Bounds(spec.Engine, options));
        var token = Encoding.UTF8.GetString(tokenBytes).Trim();
        if (profiler is not null && levers.Runtime.BatchLeverLive && profiler.Needed(resource, bounds) && !_profiles.Finished(key, resource.Metadata.Generation))
        {
            var pod = ready[0];
            _profiles.Start(key, resource.Metadata.Generation, () => ProfileAsync(key, resource, pod, token, bounds, memory, cancellationToken));
            return;
        }

        var scaling = SloSpecReader.Scaling(spec.Scaling, options);
        var replicas = Math.Clamp(memory?.Replicas ?? resource.Status?.DesiredReplicas ?? resource.Status?.Replicas ?? scaling.MinReplicas, scaling.MinReplicas, scaling.MaxReplicas);
        var targets = SloSpecReader.Targets(spec.Slo);
        var input = new SloControlInput(
            ready,
            targets,
            bounds,
            scaling,
            levers.Start(SloSpecReader.StartPoint(memory?.Point, spec, resource.Status?.Tuning, options)),
            replicas,
            token,
            ProfiledCapacity.RatePerReplica(resource.Status?.Tuning, targets, spec.Workload?.OutputTokens ?? options.DefaultWorkloadTokens),
            levers.Runtime.Metrics,
            levers.Runtime.BatchLeverLive);
        var result = await loop.RunPeriodAsync(key, input, now, cancellationToken).ConfigureAwait(false);
        var decided = result.Scale?.To ?? replicas;

        // The levers are already on the engines: remember them even if the status write loses a race.
        _memory[key] = new Memory(result.Point, replicas);
        var engine = EngineReport.From(pods, result.ModelInfoByPod, spec, resource.Metadata.Generation);
        var status = SloStatusUpdate.Apply(resource.Status, result, targets, decided, resource.Metadata.Generation, now, engine);
        status.Runtime = levers.Status(resource.Status?.Runtime, result.Point, result.MetricsProblems, resource.Metadata.Generation, now);
        if (StatusOwnership.Differs(resource.Status, status, StatusOwner.SloController))
        {
            // One apply of the SLO controller's own fields: the count and its lastScale land together, and a
            // reconciler write in between touches neither.
            await _writer.WriteStatusAsync(resource, status, StatusOwner.SloController, cancellationToken).ConfigureAwait(false);
        }

        _memory[key] = new Memory(result.Point, decided);
        await RecordEventsAsync(resource, result, cancellationToken).ConfigureAwait(false);
        if (levers.RestartDecided(result.Point))
        {
            var message = $"rolling restart of the {levers.Runtime.Name} pods with batch limit {levers.CurrentBatch} → {result.Point.MaxBatchSize} (one pod at a time, none unavailable; "
                + $"the next restart waits for this one and at least {options.BatchRestartInterval.TotalMinutes:0.#} min)";
            await events.RecordAsync(resource, EventTypes.Normal, RollingRestartReason, message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProfileAsync(string key, LLMDeployment resource, EnginePod pod, string token, LeverBounds bounds, Memory? memory, CancellationToken cancellationToken)
    {
        var current = SloSpecReader.StartPoint(memory?.Point, resource.Spec, resource.Status?.Tuning, options);
        var (tuning, point, eventType, reason, message) = await profiler!.ProfileAsync(
            resource, pod, token, SloSpecReader.Targets(resource.Spec.Slo), bounds, current, cancellationToken).ConfigureAwait(false);
        _memory[key] = new Memory(point, memory?.Replicas ?? resource.Status?.DesiredReplicas ?? resource.Status?.Replicas ?? 1);
        await _writer.WriteStatusAsync(resource, SloStatusUpdate.WithTuning(resource.Status, tuning), StatusOwner.SloController, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("{Key}: {Message}", key, message);
        await events.RecordAsync(resource, eventType == "Warning" ? EventTypes.Warning : EventTypes.Normal, reason, message, cancellationToken).ConfigureAwait(false);
    }

    private async Task RecordEventsAsync(LLMDeployment resource, SloControlResult result, CancellationToken cancellationToken)
    {
        foreach (var reason in result.TuningReasons)
        {
            logger.LogInformation("{Namespace}/{Name} tuned: {Reason}", resource.Metadata.NamespaceProperty, resource.Metadata.Name, reason);
            await events.RecordAsync(resource, EventTypes.Normal, TunedReason, reason, cancellationToken).ConfigureAwait(false);
        }

        if (result.Scale is { } scale)
        {
            var message = $"replicas {scale.From} → {scale.To}: {scale.Reason}";
            logger.LogInformation("{Namespace}/{Name} scaled: {Message}", resource.Metadata.NamespaceProperty, resource.Metadata.Name, message);
            await events.RecordAsync(resource, EventTypes.Normal, ScaledReason, message, cancellationToken).ConfigureAwait(false);
        }

        foreach (var error in result.Errors)
        {
            await events.RecordAsync(resource, EventTypes.Warning, EngineUnreachableReason, error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Degraded for a reason in the spec (nothing to control). An engine that fails to start (or whose model download
    /// fails) or serves another format than the spec's is still controlled, so status.engine keeps following what the pods report.
    /// </summary>
    private static bool SpecDegraded(LLMDeploymentStatus? status) =>
        ConditionSet.Find(status?.Conditions, ConditionTypes.Degraded) is { Status: "True" } degraded
        && degraded.Reason is not (ConditionReasons.EngineStartFailed or ConditionReasons.EngineMismatch or ConditionReasons.MetricsUnavailable)
        && !ModelDeliveryReasons.IsDeliveryReason(degraded.Reason);

    private sealed record Memory(TuningPoint Point, int Replicas);
}
