using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Computes the operator-owned part of status (observedGeneration, replicas, readyReplicas, selector,
/// endpoint, Ready/Progressing/Degraded) from the resource and what exists. Pure; tuning, observed and engine
/// fields and the SloMet condition (the SLO controller's) are carried over untouched.
/// </summary>
public static class StatusCalculator
{
    /// <summary>Status when the spec cannot be served: Degraded=True with the first problem's reason, Ready=False.</summary>
    public static LLMDeploymentStatus Degraded(LLMDeployment resource, IReadOnlyList<SpecProblem> problems, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("a degraded status needs at least one problem", nameof(problems));
        }

        var generation = resource.Metadata.Generation;
        var reason = problems[0].Reason;
        var message = string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"));
        var status = CopyOf(resource.Status);
        status.ObservedGeneration = generation;
        var conditions = ConditionSet.Set(status.Conditions, ConditionTypes.Degraded, true, reason, message, generation, now);
        conditions = ConditionSet.Set(conditions, ConditionTypes.Ready, false, reason, "the spec cannot be served; see the Degraded condition", generation, now);
        status.Conditions = ConditionSet.Set(conditions, ConditionTypes.Progressing, false, reason, "waiting for a valid spec", generation, now);
        return status;
    }

    /// <summary>
    /// Status of a valid spec whose children were applied; <paramref name="deployment"/> is the engine Deployment as
    /// last read. <paramref name="engineProblem"/> (an engine that fails to start or serves another format) makes
    /// Degraded True with its reason and message; without one Degraded is False.
    /// </summary>
    public static LLMDeploymentStatus Serving(DesiredInput input, V1Deployment? deployment, DateTimeOffset now, SpecProblem? engineProblem = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var resource = input.Resource;
        var generation = resource.Metadata.Generation;
        var status = CopyOf(resource.Status);
        var replicas = deployment?.Status?.Replicas ?? 0;
        var ready = deployment?.Status?.ReadyReplicas ?? 0;
        var updated = deployment?.Status?.UpdatedReplicas ?? 0;
        var wanted = deployment?.Spec?.Replicas ?? input.Replicas;
        var minimum = input.Spec.Scaling?.MinReplicas ?? 1;

        status.ObservedGeneration = generation;
        status.Replicas = replicas;
        status.ReadyReplicas = ready;
        status.Selector = ChildLabels.SelectorText(input.Name);
        status.Endpoint = ServiceBuilder.Endpoint(input);

        var conditions = engineProblem is null
            ? ConditionSet.Set(status.Conditions, ConditionTypes.Degraded, false, ConditionReasons.SpecValid, "the spec is valid and fits the GPU", generation, now)
            : ConditionSet.Set(status.Conditions, ConditionTypes.Degraded, true, engineProblem.Reason, engineProblem.Message, generation, now);
        var isReady = wanted == 0 ? minimum == 0 : ready >= Math.Max(1, Math.Min(minimum, wanted));
        conditions = wanted == 0
            ? ConditionSet.Set(conditions, ConditionTypes.Ready, isReady, ConditionReasons.ScaledToZero, "no replicas are wanted", generation, now)
            : ConditionSet.Set(conditions, ConditionTypes.Ready, isReady,
                isReady ? ConditionReasons.ReplicasReady : ConditionReasons.ReplicasNotReady,
                $"{ready} of {wanted} replicas ready", generation, now);

        var rolledOut = deployment?.Status is { } s
            && s.ObservedGeneration >= deployment.Metadata.Generation
            && updated >= wanted && ready >= wanted && replicas == wanted;
        status.Conditions = ConditionSet.Set(conditions, ConditionTypes.Progressing, !rolledOut,
            rolledOut ? ConditionReasons.RolloutComplete : ConditionReasons.RollingOut,
            rolledOut ? $"{wanted} replicas up to date" : $"{updated} of {wanted} replicas updated, {ready} ready", generation, now);
        return status;
    }

    private static LLMDeploymentStatus CopyOf(LLMDeploymentStatus? status) => status is null
        ? new LLMDeploymentStatus()
        : new LLMDeploymentStatus
        {
            ObservedGeneration = status.ObservedGeneration,
            Replicas = status.Replicas,
            ReadyReplicas = status.ReadyReplicas,
            DesiredReplicas = status.DesiredReplicas,
            Selector = status.Selector,
            Endpoint = status.Endpoint,
            Conditions = status.Conditions,
            Tuning = status.Tuning,
            Model = status.Model,
            Observed = status.Observed,
            LastScale = status.LastScale,
            Engine = status.Engine,
            Runtime = status.Runtime,
        };
}
