namespace Sluice.Engine.Fetch.Cache;

/// <summary>
/// Pure LRU planning: which complete entries to remove so that <c>used + needed ≤ capacity</c>, oldest last use first,
/// never a protected entry (the one being filled, a locked one, one used within the minimum idle time).
/// </summary>
public static class CacheEviction
{
    /// <summary>One candidate: its size, last use and whether it may go.</summary>
    public sealed record Candidate(string Directory, long SizeBytes, DateTime LastUsedUtc, bool Protected);

    /// <summary>The plan: entries to delete, in order, and whether the needed bytes then fit.</summary>
    public sealed record Plan(IReadOnlyList<Candidate> Evict, bool Fits, long UsedAfterBytes);

    /// <summary>
    /// Plans room for <paramref name="neededBytes"/> in <paramref name="capacityBytes"/> given <paramref name="usedBytes"/>
    /// already taken (by all entries, protected or not). Evicts only as much as needed.
    /// </summary>
    public static Plan For(IEnumerable<Candidate> candidates, long usedBytes, long neededBytes, long capacityBytes)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var evict = new List<Candidate>();
        var used = usedBytes;
        foreach (var candidate in candidates.Where(c => !c.Protected).OrderBy(c => c.LastUsedUtc).ThenBy(c => c.Directory, StringComparer.Ordinal))
        {
            if (used + neededBytes <= capacityBytes)
            {
                break;
            }

            evict.Add(candidate);
            used -= candidate.SizeBytes;
        }

        return new Plan(evict, used + neededBytes <= capacityBytes, used);
    }
}
