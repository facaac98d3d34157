namespace Sluice.Engine.Engine;

/// <summary>Bookkeeping of one physical KV block: who uses it and, once full, which tokens it holds.</summary>
internal sealed class KvBlock(int id)
{
    public int Id { get; } = id;

    /// <summary>Sequences whose block tables contain this block.</summary>
    public int RefCount { get; set; }

    /// <summary>Prefix-cache hash when this block is registered in the cache; null otherwise.</summary>
    public ulong? Hash { get; set; }

    /// <summary>Tokens of the block when hashed, to rule out hash collisions.</summary>
    public int[]? TokenIds { get; set; }

    /// <summary>Node in the free list of cached blocks while free and cached.</summary>
    public LinkedListNode<int>? FreeCachedNode { get; set; }
}
