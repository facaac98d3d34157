using k8s.Models;

namespace Sluice.Kubernetes.Helpers;

/// <summary>Reads and updates meta/v1 condition lists the way Kubernetes expects.</summary>
public static class Conditions
{
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) =>
        Find(conditions, type)?.Status == ConditionTypes.True;

    /// <summary>
    /// Sets condition <paramref name="type"/>: lastTransitionTime moves to <paramref name="now"/> only when the
    /// status changes. Returns true when anything changed, so callers write status only when needed.
    /// </summary>
    public static bool Set(List<V1Condition> conditions, string type, string status, string reason, string message, long? observedGeneration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (status is not (ConditionTypes.True or ConditionTypes.False or ConditionTypes.Unknown))
        {
            throw new ArgumentException($"condition status must be True, False or Unknown, not '{status}'", nameof(status));
        }

        var existing = Find(conditions, type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = now.UtcDateTime,
            });
            return true;
        }

        var changed = existing.Status != status || existing.Reason != reason || existing.Message != message
            || existing.ObservedGeneration != observedGeneration;
        if (existing.Status != status)
        {
            existing.LastTransitionTime = now.UtcDateTime;
        }

        existing.Status = status;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = observedGeneration;
        return changed;
    }

    /// <summary>Removes condition <paramref name="type"/>; true when it was present.</summary>
    public static bool Remove(List<V1Condition> conditions, string type)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return conditions.RemoveAll(c => c.Type == type) > 0;
    }
}
