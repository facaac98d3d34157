using System.Collections.Concurrent;
using System.Text;

namespace Sluice.Engine.Model.Tokenization.Bpe;

/// <summary>
/// The BPE model of <c>tokenizers</c>: a word starts as one symbol per character (or its
/// &lt;0xNN&gt; bytes with byte fallback, or unk), then the adjacent pair with the lowest merge rank is merged,
/// leftmost first, until no pair has a merge. Results are cached per word.
/// </summary>
internal sealed class BpeModel
{
    private const int MaxCachedWordLength = 256;
    private const int MaxCacheEntries = 50_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly int[]? _byteIds;
    private readonly int? _unkId;
    private readonly bool _fuseUnk;
    private readonly bool _ignoreMerges;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    /// <param name="vocab">Token string → id.</param>
    /// <param name="merges">Merge pairs in rank order (rank 0 first).</param>
    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, string? unkToken, bool fuseUnk, bool byteFallback, bool ignoreMerges)
    {
        _vocab = vocab;
        _vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _fuseUnk = fuseUnk;
        _ignoreMerges = ignoreMerges;
        if (unkToken is not null)
        {
            _unkId = vocab.TryGetValue(unkToken, out var unk)
                ? unk
                : throw new TokenizerLoadException($"BPE unk_token '{unkToken}' is not in the vocabulary");
        }

        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!vocab.TryGetValue(left, out var leftId) || !vocab.TryGetValue(right, out var rightId))
            {
                throw new TokenizerLoadException($"BPE merge #{rank} '{left} {right}' uses a token missing from the vocabulary");
            }

            if (!vocab.TryGetValue(left + right, out var newId))
            {
                throw new TokenizerLoadException($"BPE merge #{rank} '{left} {right}' makes '{left + right}', which is not in the vocabulary");
            }

            _merges.TryAdd(PairKey(leftId, rightId), (rank, newId));
        }

        if (byteFallback)
        {
            _byteIds = new int[256];
            for (var b = 0; b < 256; b++)
            {
                _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
            }
        }
    }

    /// <summary>Vocabulary of the model (added tokens excluded).</summary>
    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="output"/>.</summary>
    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (_ignoreMerges && _vocab.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }

        if (_cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var ids = Merge(InitialSymbols(word));
        if (word.Length <= MaxCachedWordLength && _cache.Count < MaxCacheEntries)
        {
            _cache.TryAdd(word, ids);
        }

        output.AddRange(ids);
    }

    private List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        var pendingUnk = false;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < word.Length;)
        {
            var length = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            var piece = word.AsSpan(i, length);
            i += length;
            if (_vocabBySpan.TryGetValue(piece, out var id))
            {
                if (pendingUnk)
                {
                    symbols.Add(_unkId!.Value);
                    pendingUnk = false;
                }

                symbols.Add(id);
                continue;
            }

            if (_byteIds is not null)
            {
                var byteCount = Encoding.UTF8.GetBytes(piece, utf8);
                var allPresent = true;
                for (var b = 0; b < byteCount; b++)
                {
                    allPresent &= _byteIds[utf8[b]] >= 0;
                }

                if (allPresent)
                {
                    for (var b = 0; b < byteCount; b++)
                    {
                        symbols.Add(_byteIds[utf8[b]]);
                    }

                    continue;
                }
            }

            if (_unkId is null)
            {
                throw new ArgumentException($"character U+{char.ConvertToUtf32(piece.ToString(), 0):X4} is not in the vocabulary and the tokenizer has no unk_token");
            }

            if (pendingUnk && !_fuseUnk)
            {
                symbols.Add(_unkId.Value);
            }

            pendingUnk = true;
        }

        if (pendingUnk)
        {
            symbols.Add(_unkId!.Value);
        }

        return symbols;
    }

    private int[] Merge(List<int> ids)
    {
        var count = ids.Count;
        if (count < 2)
        {
            return [.. ids];
        }

        var symbols = ids.ToArray();
        var prev = new int[count];
        var next = new int[count];
        var alive = new bool[count];
        for (var i = 0; i < count; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
            alive[i] = true;
        }

        // Queue entries: (position, new id), ordered by (rank, position).
        var queue = new PriorityQueue<(int Position, int NewId), long>();
        for (var i = 0; i + 1 < count; i++)
        {
            if (_merges.TryGetValue(PairKey(symbols[i], symbols[i + 1]), out var merge))
            {
                queue.Enqueue((i, merge.NewId), Priority(merge.Rank, i));
            }
        }

        while (queue.TryDequeue(out var top, out _))
        {
            var pos = top.Position;
            if (!alive[pos] || next[pos] == -1)
            {
                continue;
            }

            var right = next[pos];
            if (!_merges.TryGetValue(PairKey(symbols[pos], symbols[right]), out var current) || current.NewId != top.NewId)
            {
                continue;
            }

            symbols[pos] = top.NewId;
            alive[right] = false;
            next[pos] = next[right];
            if (next[right] != -1)
            {
                prev[next[right]] = pos;
            }

            if (prev[pos] >= 0 && _merges.TryGetValue(PairKey(symbols[prev[pos]], symbols[pos]), out var leftMerge))
            {
                queue.Enqueue((prev[pos], leftMerge.NewId), Priority(leftMerge.Rank, prev[pos]));
            }

            if (next[pos] != -1 && _merges.TryGetValue(PairKey(symbols[pos], symbols[next[pos]]), out var rightMerge))
            {
                queue.Enqueue((pos, rightMerge.NewId), Priority(rightMerge.Rank, pos));
            }
        }

        var result = new List<int>(count);
        for (var i = 0; i >= 0 && i < count; i = next[i])
        {
            result.Add(symbols[i]);
        }

        return [.. result];
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private static long Priority(int rank, int position) => ((long)rank << 32) | (uint)position;
}
