using k8s.Models;

namespace Sluice.Controllers.Reconciling;

/// <summary>Pure helpers for a status.conditions list: set one type, keep the transition time when the status did not change.</summary>
public static class ConditionSet
{
    /// <summary>
    /// A copy of <paramref name="conditions"/> with the <paramref name="type"/> entry replaced. Its
    /// lastTransitionTime is <paramref name="now"/> only when status flips (or the type is new). Other types
    /// (e.g. SloMet, written by the tuner) are kept as they are.
    /// </summary>
    public static List<V1Condition> Set(IEnumerable<V1Condition>? conditions, string type, bool status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var list = (conditions ?? []).Select(Copy).ToList();
        var text = status ? "True" : "False";
        var existing = list.FirstOrDefault(c => c.Type == type);
        var transition = existing is not null && existing.Status == text ? existing.LastTransitionTime : now.UtcDateTime;
        var updated = new V1Condition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = transition,
        };
        if (existing is null)
        {
            list.Add(updated);
        }
        else
        {
            list[list.IndexOf(existing)] = updated;
        }

        return list;
    }

    /// <summary>The condition of <paramref name="type"/>, or null.</summary>
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    private static V1Condition Copy(V1Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = c.LastTransitionTime,
    };
}
