namespace Sluice.Engine.Grammar;

/// <summary>
/// The grammar state of one sequence and the token mask it allows next: tokens whose bytes the grammar accepts, plus
/// the end-of-sequence ids once the document is complete. When no token fits (a vocabulary that cannot spell the only
/// allowed byte) the end-of-sequence ids are allowed, so a step never has nothing to sample. Not thread-safe.
/// </summary>
public sealed class TokenConstraint
{
    private readonly VocabTrie _trie;
    private readonly IReadOnlyList<int> _eosTokenIds;
    private readonly int _maskWords;
    private readonly TokenMaskCache? _cache;
    private uint[]? _mask;
    private GrammarFrame? _state;
    private int _maskVersion = -1;
    private int _version;

    /// <param name="maskTokens">Length in bits of <see cref="Mask"/> (the logits row width).</param>
    /// <param name="cache">Masks by state shared with other sequences over the same vocabulary and mask width; null computes every mask.</param>
    public TokenConstraint(GrammarNode grammar, VocabTrie trie, IReadOnlyList<int> eosTokenIds, int maskTokens, TokenMaskCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        _trie = trie;
        _eosTokenIds = eosTokenIds;
        _maskWords = MaskWords(maskTokens);
        _cache = cache;
        _state = GrammarFrame.Start(grammar, null);
    }

    /// <summary>True once the output is a complete document.</summary>
    public bool IsComplete => GrammarStepper.CanEnd(_state);

    /// <summary>32-bit words needed for a mask over <paramref name="numTokens"/> ids.</summary>
    public static int MaskWords(int numTokens) => Compute.TokenMasks.MaskWordsFor(numTokens);

    /// <summary>The allowed next tokens as a bitmask (bit id % 32 of word id / 32); valid until the next <see cref="Advance"/>.</summary>
    public ReadOnlySpan<uint> Mask()
    {
        if (_maskVersion != _version || _mask is null)
        {
            _mask = _cache is not null && _state is not null ? _cache.GetOrAdd(_state, ComputeMask) : ComputeMask(_state);
            _maskVersion = _version;
        }

        return _mask;
    }

    private uint[] ComputeMask(GrammarFrame? state)
    {
        var mask = new uint[_maskWords];
        var count = _trie.MarkAccepted(state, mask);
        if (count == 0 || GrammarStepper.CanEnd(state))
        {
            foreach (var id in _eosTokenIds)
            {
                if ((uint)id < (uint)(mask.Length * 32))
                {
                    mask[id >> 5] |= 1u << (id & 31);
                }
            }
        }

        return mask;
    }

    /// <summary>Feeds the bytes of the chosen token; end-of-sequence ids and tokens without bytes change nothing. Returns false when the grammar rejects the token.</summary>
    public bool Advance(int tokenId)
    {
        _version++;
        var tokenBytes = _trie.TokenBytes(tokenId);
        if (tokenBytes.IsEmpty)
        {
            return true;
        }

        if (!GrammarStepper.TryFeed(_state, tokenBytes, out var next))
        {
            return false;
        }

        _state = next;
        return true;
    }

    /// <summary>Sets every logit the mask forbids to −∞. <paramref name="logits"/>: [vocab].</summary>
    public void Apply(Span<float> logits)
    {
        var mask = Mask();
        for (var id = 0; id < logits.Length; id++)
        {
            var word = id >> 5;
            if (word >= mask.Length || (mask[word] & (1u << (id & 31))) == 0)
            {
                logits[id] = float.NegativeInfinity;
            }
        }
    }
}
