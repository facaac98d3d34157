using Sluice.Engine.Model;

namespace Sluice.Engine.Grammar;

/// <summary>
/// The byte strings of a tokenizer's vocabulary as a trie, so that a grammar state is advanced once per shared prefix
/// instead of once per byte of every token. Tokens without bytes (special tokens) are left out. Immutable; thread-safe.
/// </summary>
public sealed class VocabTrie
{
    // Node n's children are edges [_firstEdge[n], _firstEdge[n + 1]); edge e goes to node _edgeTarget[e] on byte _edgeByte[e].
    // Node n's tokens are _tokens[_firstToken[n] .. _firstToken[n + 1]). Node 0 is the root (the empty prefix).
    private readonly int[] _firstEdge;
    private readonly byte[] _edgeByte;
    private readonly int[] _edgeTarget;
    private readonly int[] _firstToken;
    private readonly int[] _tokens;
    private readonly byte[]?[] _bytes;

    /// <param name="numTokens">Ids [0, numTokens) are read from <paramref name="tokenizer"/>.</param>
    public VocabTrie(ITokenizer tokenizer, int numTokens)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        NumTokens = numTokens;
        var children = new List<SortedDictionary<byte, int>> { new() };
        var tokensAt = new List<List<int>?> { null };
        _bytes = new byte[]?[numTokens];
        for (var id = 0; id < numTokens; id++)
        {
            if (tokenizer.TokenBytes(id) is not { Length: > 0 } bytes)
            {
                continue;
            }

            _bytes[id] = bytes;

            var node = 0;
            foreach (var b in bytes)
            {
                if (!children[node].TryGetValue(b, out var child))
                {
                    child = children.Count;
                    children[node][b] = child;
                    children.Add([]);
                    tokensAt.Add(null);
                }

                node = child;
            }

            (tokensAt[node] ??= []).Add(id);
        }

        var numNodes = children.Count;
        _firstEdge = new int[numNodes + 1];
        _firstToken = new int[numNodes + 1];
        var edgeBytes = new List<byte>();
        var edgeTargets = new List<int>();
        var tokens = new List<int>();
        for (var n = 0; n < numNodes; n++)
        {
            _firstEdge[n] = edgeBytes.Count;
            _firstToken[n] = tokens.Count;
            foreach (var (b, child) in children[n])
            {
                edgeBytes.Add(b);
                edgeTargets.Add(child);
            }

            tokens.AddRange(tokensAt[n] ?? []);
        }

        _firstEdge[numNodes] = edgeBytes.Count;
        _firstToken[numNodes] = tokens.Count;
        _edgeByte = [.. edgeBytes];
        _edgeTarget = [.. edgeTargets];
        _tokens = [.. tokens];
        NumNodes = numNodes;
    }

    /// <summary>Ids covered: [0, NumTokens).</summary>
    public int NumTokens { get; }

    public int NumNodes { get; }

    /// <summary>The bytes of token <paramref name="id"/>; empty for special tokens and ids outside the vocabulary.</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => (uint)id < (uint)_bytes.Length ? _bytes[id] : default;

    /// <summary>
    /// Sets bit id of <paramref name="allowed"/> (bit id % 32 of word id / 32) for every token whose bytes
    /// <paramref name="state"/> accepts; other bits are left as they are. Returns the number of tokens set.
    /// </summary>
    public int MarkAccepted(GrammarFrame? state, Span<uint> allowed)
    {
        if (state is { Node: FreeTextNode, Phase: 1 })
        {
            // Free text accepts every byte string: no walk needed.
            foreach (var id in _tokens)
            {
                allowed[id >> 5] |= 1u << (id & 31);
            }

            return _tokens.Length;
        }

        return state is null ? 0 : Walk(0, state, allowed);
    }

    private int Walk(int node, GrammarFrame? state, Span<uint> allowed)
    {
        var count = 0;
        for (var e = _firstEdge[node]; e < _firstEdge[node + 1]; e++)
        {
            if (!GrammarStepper.TryFeed(state, _edgeByte[e], out var next))
            {
                continue;
            }

            var child = _edgeTarget[e];
            for (var t = _firstToken[child]; t < _firstToken[child + 1]; t++)
            {
                var id = _tokens[t];
                allowed[id >> 5] |= 1u << (id & 31);
                count++;
            }

            if (next is not null)
            {
                count += Walk(child, next, allowed);
            }
        }

        return count;
    }
}
