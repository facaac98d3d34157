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
    private readonly uint[] _mask;
    private GrammarFrame? _state;
    private int _maskVersion = -1;
    private int _version;

    /// <param name="maskTokens">Length in bits of <see cref="Mask"/> (the logits row width).</param>
    public TokenConstraint(GrammarNode grammar, VocabTrie trie, IReadOnlyList<int> eosTokenIds, int maskTokens)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        _trie = trie;
        _eosTokenIds = eosTokenIds;
        _mask = new uint[MaskWords(maskTokens)];
        _state = GrammarFrame.Start(grammar, null);
    }

    /// <summary>True once the output is a complete document.</summary>
    public bool IsComplete => GrammarStepper.CanEnd(_state);

    /// <summary>32-bit words needed for a mask over <paramref name="numTokens"/> ids.</summary>
    public static int MaskWords(int numTokens) => Compute.TokenMasks.MaskWordsFor(numTokens);

    /// <summary>The allowed next tokens as a bitmask (bit id % 32 of word id / 32); valid until the next <see cref="Advance"/>.</summary>
    public ReadOnlySpan<uint> Mask()
    {
        if (_maskVersion != _version)
        {
            Array.Clear(_mask);
            var count = _trie.MarkAccepted(_state, _mask);
            if (count == 0 || IsComplete)
            {
                foreach (var id in _eosTokenIds)
                {
                    if ((uint)id < (uint)(_mask.Length * 32))
                    {
                        _mask[id >> 5] |= 1u << (id & 31);
                    }
                }
            }

            _maskVersion = _version;
        }

        return _mask;
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
