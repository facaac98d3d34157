namespace Sluice.Engine.Engine;

/// <summary>
/// Paged KV cache bookkeeping: a fixed pool of blocks of <see cref="BlockSize"/> positions, ref-counted so
/// that sequences can share prefix blocks. Full blocks are registered under a hash of their tokens and of
/// every token before them; a new sequence whose leading full blocks hash the same reuses them instead of
/// recomputing. Free blocks that still hold cached content are evicted least recently freed first, and only
/// when no never-cached free block is left.
/// </summary>
public sealed class BlockManager
{
    private readonly KvBlock[] _blocks;
    private readonly Stack<int> _freeUncached = new();
    private readonly LinkedList<int> _freeCachedLru = new();
    private readonly Dictionary<ulong, int> _blockByHash = [];
    private readonly bool _enablePrefixCaching;

    public BlockManager(int numBlocks, int blockSize, bool enablePrefixCaching = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numBlocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        NumBlocks = numBlocks;
        BlockSize = blockSize;
        _enablePrefixCaching = enablePrefixCaching;
        _blocks = new KvBlock[numBlocks];
        for (var id = numBlocks - 1; id >= 0; id--)
        {
            _blocks[id] = new KvBlock(id);
            _freeUncached.Push(id);
        }
    }

    public int NumBlocks { get; }

    public int BlockSize { get; }

    /// <summary>Blocks no sequence holds (some may still serve prefix-cache hits).</summary>
    public int NumFreeBlocks => _freeUncached.Count + _freeCachedLru.Count;

    /// <summary>Fraction of blocks held by sequences, 0..1.</summary>
    public double UsageRatio => (double)(NumBlocks - NumFreeBlocks) / NumBlocks;

    /// <summary>Prompt tokens looked up in the prefix cache (at every admission, including resumes).</summary>
    public long PrefixCacheQueriedTokens { get; private set; }

    /// <summary>Tokens served from the prefix cache instead of being computed.</summary>
    public long PrefixCacheHitTokens { get; private set; }

    /// <summary>Current reference count of block <paramref name="blockId"/>.</summary>
    public int RefCount(int blockId) => _blocks[blockId].RefCount;

    /// <summary>Sum of all reference counts; zero when no sequence holds a block.</summary>
    public int TotalRefCount => _blocks.Sum(b => b.RefCount);

    /// <summary>
    /// Cached blocks that hold the longest prefix of <paramref name="seq"/>'s tokens, whole blocks only and
    /// never all of its tokens (the newest token is always computed, so that logits come out). Pure query.
    /// </summary>
    public IReadOnlyList<int> FindCachedPrefix(Sequence seq)
    {
        var hits = new List<int>();
        if (!_enablePrefixCaching)
        {
            return hits;
        }

        var maxBlocks = (seq.NumTokens - 1) / BlockSize;
        var hash = 0UL;
        for (var i = 0; i < maxBlocks; i++)
        {
            hash = HashBlock(hash, seq.TokenIds, i * BlockSize, BlockSize);
            if (!_blockByHash.TryGetValue(hash, out var blockId) || !SameTokens(_blocks[blockId], seq.TokenIds, i * BlockSize))
            {
                break;
            }

            hits.Add(blockId);
        }

        return hits;
    }

    /// <summary>True when a waiting sequence can take <paramref name="cachedBlocks"/> and blocks for <paramref name="numNewTokens"/> more tokens.</summary>
    public bool CanAllocate(IReadOnlyList<int> cachedBlocks, int numNewTokens)
    {
        var numComputed = cachedBlocks.Count * BlockSize;
        var needed = BlocksFor(numComputed + numNewTokens) - cachedBlocks.Count;
        var freeAfterHits = NumFreeBlocks - cachedBlocks.Count(id => _blocks[id].RefCount == 0);
        return needed <= freeAfterHits;
    }

    /// <summary>Gives a waiting sequence that holds no blocks the cached prefix blocks; sets its computed tokens to match.</summary>
    public void AllocateCachedPrefix(Sequence seq, IReadOnlyList<int> cachedBlocks)
    {
        if (seq.BlockTable.Count != 0)
        {
            throw new InvalidOperationException($"sequence {seq.Id} already holds blocks");
        }

        var hash = 0UL;
        foreach (var blockId in cachedBlocks)
        {
            var block = _blocks[blockId];
            if (block.RefCount == 0)
            {
                _freeCachedLru.Remove(block.FreeCachedNode!);
                block.FreeCachedNode = null;
            }

            block.RefCount++;
            hash = block.Hash!.Value;
            seq.BlockTable.Add(blockId);
            seq.BlockHashes.Add(hash);
        }

        seq.NumComputedTokens = cachedBlocks.Count * BlockSize;
        PrefixCacheQueriedTokens += seq.NumTokens;
        PrefixCacheHitTokens += seq.NumComputedTokens;
    }

    /// <summary>True when the free pool covers the blocks <paramref name="seq"/> needs for <paramref name="numNewTokens"/> more tokens.</summary>
    public bool CanAppend(Sequence seq, int numNewTokens) => NumBlocksNeeded(seq, numNewTokens) <= NumFreeBlocks;

    /// <summary>Blocks to add to <paramref name="seq"/>'s table so that it covers <paramref name="numNewTokens"/> more positions.</summary>
    public int NumBlocksNeeded(Sequence seq, int numNewTokens) =>
        Math.Max(0, BlocksFor(seq.NumComputedTokens + numNewTokens) - seq.BlockTable.Count);

    /// <summary>Adds fresh blocks so that positions up to NumComputedTokens + numNewTokens - 1 are covered.</summary>
    public void AppendSlots(Sequence seq, int numNewTokens)
    {
        var needed = NumBlocksNeeded(seq, numNewTokens);
        if (needed > NumFreeBlocks)
        {
            throw new InvalidOperationException($"sequence {seq.Id} needs {needed} blocks, {NumFreeBlocks} are free");
        }

        for (var i = 0; i < needed; i++)
        {
            seq.BlockTable.Add(TakeFreeBlock());
        }
    }

    /// <summary>Registers the blocks of <paramref name="seq"/> that became full of computed tokens in the prefix cache.</summary>
    public void MarkComputed(Sequence seq)
    {
        var fullBlocks = Math.Min(seq.NumComputedTokens / BlockSize, seq.BlockTable.Count);
        for (var i = seq.BlockHashes.Count; i < fullBlocks; i++)
        {
            var previous = i == 0 ? 0UL : seq.BlockHashes[i - 1];
            var hash = HashBlock(previous, seq.TokenIds, i * BlockSize, BlockSize);
            seq.BlockHashes.Add(hash);
            var block = _blocks[seq.BlockTable[i]];
            if (_enablePrefixCaching && block.Hash is null && !_blockByHash.ContainsKey(hash))
            {
                block.Hash = hash;
                block.TokenIds = [.. seq.TokenIds.Skip(i * BlockSize).Take(BlockSize)];
                _blockByHash[hash] = block.Id;
            }
        }
    }

    /// <summary>Drops <paramref name="seq"/>'s references; blocks nobody holds return to the free pool, cached ones keep their content.</summary>
    public void Free(Sequence seq)
    {
        for (var i = seq.BlockTable.Count - 1; i >= 0; i--)
        {
            var block = _blocks[seq.BlockTable[i]];
            if (block.RefCount <= 0)
            {
                throw new InvalidOperationException($"block {block.Id} freed more often than taken");
            }

            block.RefCount--;
            if (block.RefCount == 0)
            {
                if (block.Hash is null)
                {
                    _freeUncached.Push(block.Id);
                }
                else
                {
                    block.FreeCachedNode = _freeCachedLru.AddLast(block.Id);
                }
            }
        }

        seq.BlockTable.Clear();
        seq.BlockHashes.Clear();
        seq.NumComputedTokens = 0;
    }

    private int TakeFreeBlock()
    {
        int blockId;
        if (_freeUncached.Count > 0)
        {
            blockId = _freeUncached.Pop();
        }
        else
        {
            blockId = _freeCachedLru.First!.Value;
            _freeCachedLru.RemoveFirst();
        }

        var block = _blocks[blockId];
        if (block.Hash is { } hash)
        {
            _blockByHash.Remove(hash);
            block.Hash = null;
            block.TokenIds = null;
        }

        block.FreeCachedNode = null;
        block.RefCount = 1;
        return blockId;
    }

    private int BlocksFor(int numTokens) => (numTokens + BlockSize - 1) / BlockSize;

    private static bool SameTokens(KvBlock block, IReadOnlyList<int> tokenIds, int start)
    {
        var cached = block.TokenIds!;
        for (var i = 0; i < cached.Length; i++)
        {
            if (cached[i] != tokenIds[start + i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>FNV-1a over the previous block's hash and this block's tokens.</summary>
    private static ulong HashBlock(ulong previousHash, IReadOnlyList<int> tokenIds, int start, int count)
    {
        const ulong Prime = 1099511628211UL;
        var hash = 14695981039346656037UL ^ previousHash;
        hash *= Prime;
        for (var i = start; i < start + count; i++)
        {
            var token = (uint)tokenIds[i];
            for (var b = 0; b < 4; b++)
            {
                hash ^= (token >> (8 * b)) & 0xFF;
                hash *= Prime;
            }
        }

        return hash;
    }
}
