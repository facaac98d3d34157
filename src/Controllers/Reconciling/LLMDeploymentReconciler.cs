using System.Diagnostics;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Contracts.Metrics;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Preflight;
using Sluice.Controllers.Runtimes;
using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Controllers;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Level-triggered reconcile of one LLMDeployment: read it, validate (schema-inexpressible rules and the fit
/// preflight), compute the children with the pure builders, apply them with owner references, and write
/// status only when it changed. An invalid spec leaves existing children alone and reports Degraded plus a
/// Warning event (once per distinct problem). A valid spec whose engine refuses to start (its termination
/// message, read from the pods' container statuses) or reports another quantization than the spec's
/// (status.engine, written by the SLO controller) is Degraded too, with the children kept as applied. Safe to run again at any point: every step is idempotent.
/// Reads go through <paramref name="reader"/> (the informer caches in the operator), writes to the API server.
/// </summary>
public sealed class LLMDeploymentReconciler(
    IKubernetesClient client,
    IObjectReader reader,
    ReconcilerOptions options,
    IEventRecorder events,
    ReconcileMetrics metrics,
    ILogger<LLMDeploymentReconciler> logger,
    FetchProgressClient? fetchProgress = null) : IReconciler<LLMDeployment>
{
    private readonly ChildWriter _writer = new(client, reader, options.FieldManager);
    private readonly FetchProgressClient _fetchProgress = fetchProgress ?? new FetchProgressClient(new HttpClient());

    /// <summary>
    /// The controller entry point: reconciles, records the result and duration, and turns an optimistic-concurrency
    /// conflict (someone wrote in between) into a plain requeue. Other errors propagate for the controller's backoff.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = ReconcileResults.Error;
        try
        {
            var outcome = await ReconcileAsync(request.Namespace ?? client.DefaultNamespace, request.Name, cancellationToken).ConfigureAwait(false);
            result = outcome.Degraded ? ReconcileResults.Degraded : ReconcileResults.Success;
            return outcome.RequeueAfter is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
        }
        catch (ConflictException)
        {
            result = ReconcileResults.Conflict;
            return ReconcileResult.Requeue;
        }
        finally
        {
            metrics.Record(result, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Brings the children and status of <paramref name="namespace"/>/<paramref name="name"/> in line with its spec.</summary>
    public async Task<ReconcileOutcome> ReconcileAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var resource = await reader.TryGetAsync<LLMDeployment>(EntityTypes.LLMDeployment, @namespace, name, cancellationToken).ConfigureAwait(false);
        if (resource is null || resource.Metadata.DeletionTimestamp is not null)
        {
            // Children carry owner references; the garbage collector removes them.
            return ReconcileOutcome.Gone;
        }

        var now = DateTimeOffset.UtcNow;
        var gpu = ResolveGpu(resource.Spec);
        var problems = SpecValidator.Validate(resource.Spec, options.Catalog).Concat(EngineRuntimeCatalog.Validate(resource.Spec)).ToList();
        if (problems.Count == 0 && FitPreflight.Check(resource.Spec, gpu, options.Catalog) is { Fits: false } fit)
        {
            problems.Add(new SpecProblem(fit.Reason == ConditionReasons.GpuCountUnsupported ? "spec.gpu.count" : "spec", fit.Reason, fit.Message));
        }

        if (problems.Count > 0)
        {
            return await DegradeAsync(resource, problems, now, cancellationToken).ConfigureAwait(false);
        }

        var ns = resource.Metadata.NamespaceProperty;
        var names = ChildNames.For(name);
        var existing = await reader.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, ns, names.Deployment, cancellationToken).ConfigureAwait(false);
        var replicas = DesiredReplicas(resource.Spec.Scaling, resource.Status, existing);
        if (ReplicaOwnership.IsManualEdit(resource.Spec.Scaling, resource.Status, existing, replicas) is { } edited)
        {
            var message = $"the Deployment's replicas were set to {edited} by someone else; the operator owns the count and sets it back to {replicas} "
                + "(change spec.scaling, or set spec.scaling.paused to keep a count by hand)";
            logger.LogInformation("{Namespace}/{Name}: {Message}", ns, name, message);
            await events.RecordAsync(resource, EventTypes.Normal, ReplicaOwnership.RevertedReason, message, cancellationToken).ConfigureAwait(false);
        }

        var input = new DesiredInput(resource, gpu, options.Engine, replicas);

        await _writer.EnsureAdminSecretAsync(input, cancellationToken).ConfigureAwait(false);
        await ModelCacheClaims.EnsureAsync(client, reader, input, cancellationToken).ConfigureAwait(false);
        var deployment = await _writer.ApplyAsync(ResourceTypes.Deployment, DeploymentBuilder.Build(input), cancellationToken)
            .ConfigureAwait(false);
        await _writer.ApplyAsync(ResourceTypes.Service, ServiceBuilder.Build(input), cancellationToken).ConfigureAwait(false);
        await _writer.SyncPodDisruptionBudgetAsync(resource, input, PodDisruptionBudgetBuilder.Build(input), cancellationToken).ConfigureAwait(false);

        var pods = await reader.ListAsync<V1Pod>(ResourceTypes.Pod, ns, ChildLabels.Selector(name), cancellationToken).ConfigureAwait(false);
        var delivery = await ModelDelivery.ObserveAsync(resource.Spec, pods, _fetchProgress, options.Engine.ApiPort, cancellationToken).ConfigureAwait(false);
        var startFailure = EngineStartFailures.Find(pods) is { } f ? new SpecProblem("status", f.Reason, EngineStartFailures.Message(f)) : null;
        var engineProblem = startFailure ?? ModelDelivery.Problem(delivery) ?? EngineMismatch(resource) ?? MetricsProblem(resource);
        var status = StatusCalculator.Serving(input, deployment, now, engineProblem);
        status = ModelDelivery.Apply(status, delivery, startFailure is not null && ModelDeliveryReasons.IsDeliveryReason(startFailure.Reason) ? startFailure : null,
            resource.Metadata.Generation, now);
        var written = await WriteIfChangedAsync(resource, status, cancellationToken).ConfigureAwait(false);
        await RecordDegradedAsync(resource, status, cancellationToken).ConfigureAwait(false);
        // Download progress is read over HTTP, not watched: look again soon while a fetcher runs. Everything else arrives as events.
        return new ReconcileOutcome(delivery.Downloading ? ModelDelivery.StatusInterval : null, written, engineProblem is not null);
    }

    /// <summary>
    /// Replicas to run, clamped into [minReplicas, maxReplicas] (maxReplicas defaulting to minReplicas):
    /// while paused, the Deployment's current count (frozen); otherwise status.desiredReplicas (the SLO
    /// controller's decision) when set, else the current count, else minReplicas.
    /// </summary>
    public static int DesiredReplicas(ScalingSpec? scaling, LLMDeploymentStatus? status, V1Deployment? existing)
    {
        var min = scaling?.MinReplicas ?? 1;
        var max = Math.Max(min, scaling?.MaxReplicas ?? min);
        var current = existing?.Spec?.Replicas;
        var wanted = scaling?.Paused == true ? current : status?.DesiredReplicas ?? current;
        return Math.Clamp(wanted ?? min, min, max);
    }

    private GpuCatalogEntry? ResolveGpu(LLMDeploymentSpec spec) =>
        spec.Gpu is { } gpu && options.Catalog.TryFind(gpu.Type, out var entry) ? entry : null;

    private async Task<ReconcileOutcome> DegradeAsync(LLMDeployment resource, List<SpecProblem> problems, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = StatusCalculator.Degraded(resource, problems, now);
        var written = await WriteIfChangedAsync(resource, status, cancellationToken).ConfigureAwait(false);
        await RecordDegradedAsync(resource, status, cancellationToken).ConfigureAwait(false);
        return new ReconcileOutcome(null, written, true);
    }

    /// <summary>An engine serving another format than the spec's (status.engine, stamped with the current generation), or null.</summary>
    private static SpecProblem? EngineMismatch(LLMDeployment resource) =>
        EngineMismatchCheck.Message(resource.Spec, resource.Status?.Engine, resource.Metadata.Generation) is { } mismatch
            ? new SpecProblem("status.engine", ConditionReasons.EngineMismatch, mismatch)
            : null;

    /// <summary>Runtime metrics the SLO loop could not read (status.runtime, stamped with the current generation), or null.</summary>
    private static SpecProblem? MetricsProblem(LLMDeployment resource) =>
        resource.Status?.Runtime is { MetricsProblem: { } metrics } runtime && runtime.ObservedGeneration == resource.Metadata.Generation
            ? new SpecProblem("status.runtime", ConditionReasons.MetricsUnavailable, $"the SLO loop cannot read the engine pods' metrics: {metrics}")
            : null;

    /// <summary>A Warning Event when Degraded turned True or its message changed: once per distinct problem, never once per reconcile.</summary>
    private async Task RecordDegradedAsync(LLMDeployment resource, LLMDeploymentStatus status, CancellationToken cancellationToken)
    {
        var before = ConditionSet.Find(resource.Status?.Conditions, ConditionTypes.Degraded);
        var after = ConditionSet.Find(status.Conditions, ConditionTypes.Degraded);
        if (after?.Status == "True" && (before?.Status != "True" || before.Message != after.Message))
        {
            logger.LogWarning("{Namespace}/{Name} is degraded: {Reason}: {Message}", resource.Metadata.NamespaceProperty, resource.Metadata.Name, after.Reason, after.Message);
            await events.RecordAsync(resource, EventTypes.Warning, after.Reason!, after.Message!, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> WriteIfChangedAsync(LLMDeployment resource, LLMDeploymentStatus status, CancellationToken cancellationToken)
    {
        if (!StatusOwnership.Differs(resource.Status, status, StatusOwner.Reconciler))
        {
            return false;
        }

        await _writer.WriteStatusAsync(resource, status, StatusOwner.Reconciler, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
