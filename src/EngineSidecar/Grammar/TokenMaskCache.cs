using System.Collections.Concurrent;

namespace Sluice.Engine.Grammar;

/// <summary>
/// Token masks by grammar state, shared by every sequence of one vocabulary: a mask depends only on the state (the
/// whole <see cref="GrammarFrame"/> stack, compared by value, its nodes by reference), and a document's states repeat
/// (every character inside a string, every item of an array, every request with the same compiled schema), so most
/// steps copy a cached mask instead of walking the vocabulary. Bounded by <see cref="CapacityMasks"/>: when full it
/// is emptied and refills with the states in use. Cached masks are shared: read-only. Thread-safe.
/// </summary>
public sealed class TokenMaskCache(int capacityMasks)
{
    private readonly ConcurrentDictionary<GrammarFrame, uint[]> _masks = new();

    /// <summary>The most masks held at once.</summary>
    public int CapacityMasks { get; } = capacityMasks > 0 ? capacityMasks : throw new ArgumentOutOfRangeException(nameof(capacityMasks));

    /// <summary>Masks held now.</summary>
    public int Count => _masks.Count;

    /// <summary>Mask lookups answered from the cache, and those that had to walk the vocabulary.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <inheritdoc cref="Hits"/>
    public long Misses => Interlocked.Read(ref _misses);

    private long _hits;
    private long _misses;

    /// <summary>A cache holding at most <paramref name="capacityBytes"/> of masks over <paramref name="maskWords"/> words each.</summary>
    public static TokenMaskCache ForBytes(long capacityBytes, int maskWords) =>
        new((int)Math.Clamp(capacityBytes / Math.Max(1, maskWords * sizeof(uint)), 1, int.MaxValue));

    /// <summary>The mask of <paramref name="state"/>, computed by <paramref name="compute"/> on a miss (which must not keep the array).</summary>
    public uint[] GetOrAdd(GrammarFrame state, Func<GrammarFrame, uint[]> compute)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(compute);
        if (_masks.TryGetValue(state, out var cached))
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }

        Interlocked.Increment(ref _misses);
        var mask = compute(state);
        if (_masks.Count >= CapacityMasks)
        {
            _masks.Clear();
        }

        return _masks.GetOrAdd(state, mask);
    }
}
