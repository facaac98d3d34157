using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Controllers.Reconciling;

/// <summary>The two writers of LLMDeployment status, each applying only its own field group.</summary>
public enum StatusOwner
{
    /// <summary>observedGeneration, replicas, readyReplicas, selector, endpoint, conditions other than SloMet, and any field not named for the SLO controller.</summary>
    Reconciler,

    /// <summary>desiredReplicas, tuning, observed, lastScale, engine, runtime and the SloMet condition.</summary>
    SloController,
}

/// <summary>
/// Which status fields each writer owns, as server-side apply field groups: each writer applies the part of a
/// status it owns under its own field manager, so the two never overwrite or conflict with each other and need no
/// resourceVersion guard (conditions are a list map keyed by type, so each owns its own condition types).
/// </summary>
public static class StatusOwnership
{
    private static readonly string[] SloFields = ["desiredReplicas", "tuning", "observed", "lastScale", "engine", "runtime"];
    private static readonly string[] SloConditions = [ConditionTypes.SloMet];

    /// <summary>The field manager <paramref name="owner"/> applies status under, derived from the operator's <paramref name="fieldManager"/>.</summary>
    public static string FieldManager(string fieldManager, StatusOwner owner) => owner == StatusOwner.Reconciler ? fieldManager : fieldManager + "-slo";

    /// <summary>
    /// The fields of <paramref name="status"/> that <paramref name="owner"/> owns, as JSON (null fields left out, conditions
    /// sorted by type); the applied configuration of that owner's status write.
    /// </summary>
    public static JsonObject Part(LLMDeploymentStatus? status, StatusOwner owner)
    {
        var all = status is null ? new JsonObject() : JsonSerializer.SerializeToNode(status, ApiJson.Options)!.AsObject();
        var part = new JsonObject();
        foreach (var (name, value) in all)
        {
            if (name != "conditions" && SloFields.Contains(name) == (owner == StatusOwner.SloController))
            {
                part[name] = value?.DeepClone();
            }
        }

        var conditions = (status?.Conditions ?? [])
            .Where(c => SloConditions.Contains(c.Type) == (owner == StatusOwner.SloController))
            .OrderBy(c => c.Type, StringComparer.Ordinal)
            .Select(c => JsonSerializer.SerializeToNode(c, ApiJson.Options))
            .ToArray();
        if (conditions.Length > 0)
        {
            part["conditions"] = new JsonArray(conditions);
        }

        return part;
    }

    /// <summary>True when <paramref name="owner"/>'s part of <paramref name="next"/> differs from its part of <paramref name="current"/> (a write is due).</summary>
    public static bool Differs(LLMDeploymentStatus? current, LLMDeploymentStatus next, StatusOwner owner) =>
        current is null || Part(current, owner).ToJsonString() != Part(next, owner).ToJsonString();
}
