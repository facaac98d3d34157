namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// The KV blocks of ended sequences, kept for reuse as the engine's prefix cache keeps them: least recently used first out, and
/// never more tokens than the KV cache has free (blocks that running sequences take evict cached ones). A hit hands the prompt's
/// blocks back to a new sequence.
/// </summary>
internal sealed class SimulatedPrefixCache
{
    private readonly LinkedList<(long Key, int Tokens)> _lru = new();
    private readonly Dictionary<long, LinkedListNode<(long Key, int Tokens)>> _byKey = [];
    private long _cachedTokens;

    /// <summary>Removes and returns true when the blocks of <paramref name="promptKey"/> are cached.</summary>
    public bool Take(long promptKey)
    {
        if (!_byKey.Remove(promptKey, out var node))
        {
            return false;
        }

        _lru.Remove(node);
        _cachedTokens -= node.Value.Tokens;
        return true;
    }

    /// <summary>Caches the <paramref name="tokens"/> of an ended sequence as the most recently used, within <paramref name="freeTokens"/>.</summary>
    public void Add(long promptKey, int tokens, double freeTokens)
    {
        Take(promptKey);
        _byKey[promptKey] = _lru.AddLast((promptKey, tokens));
        _cachedTokens += tokens;
        Trim(freeTokens);
    }

    /// <summary>Evicts the least recently used until the cache fits in <paramref name="freeTokens"/>.</summary>
    public void Trim(double freeTokens)
    {
        while (_cachedTokens > freeTokens && _lru.First is { } oldest)
        {
            _lru.RemoveFirst();
            _byKey.Remove(oldest.Value.Key);
            _cachedTokens -= oldest.Value.Tokens;
        }
    }
}
