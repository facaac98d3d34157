using Sluice.Engine.Compute;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Fakes;

/// <summary>
/// Deterministic stand-in for a model with a real paged "KV cache". Each cache slot stores the position, the
/// token and a rolling hash of every token up to it, written through the chunk's block table. Before a chunk
/// is computed, every earlier position of its sequence is read back through the block table and must hold a
/// consistent hash chain; a missing, stale or foreign slot is a violation (recorded and thrown). Logits favour
/// (last token + 1) mod vocab by <see cref="FavouriteBonus"/>, plus noise in [0, 1) drawn from the rolling hash,
/// so sampled output depends on the whole history as read from the cache.
/// </summary>
public sealed class FakeModelRunner(int vocabSize = 257, int maxContextTokens = 512) : IModelRunner
{
    public const float FavouriteBonus = 4f;
    public const long BytesPerPosition = 64;

    private readonly object _lock = new();
    private Slot[] _slots = [];
    private int _blockSize;

    public ModelInfo Info { get; } = new("FakeForCausalLM", vocabSize, maxContextTokens, 2, 2, 16, 0);

    /// <summary>
    /// When true, the favoured token is drawn from the rolling hash instead of (last + 1), so that even greedy
    /// output depends on the whole history read from the cache.
    /// </summary>
    public bool HistoryDriven { get; set; }

    /// <summary>Sleep per forward pass, so that tests can act while requests are in flight.</summary>
    public TimeSpan StepDelay { get; set; }

    /// <summary>Tokens per forward pass, in order.</summary>
    public List<int> TokensPerStep { get; } = [];

    /// <summary>Chunks of every forward pass, in order.</summary>
    public List<IReadOnlyList<ScheduledChunk>> Steps { get; } = [];

    /// <summary>Cache inconsistencies found; empty when the scheduler kept its block tables right.</summary>
    public List<string> Violations { get; } = [];

    public int NumBlocks { get; private set; }

    public long KvBytesPerBlock(int blockSize) => blockSize * BytesPerPosition;

    public void AllocateKvCache(int numBlocks, int blockSize)
    {
        NumBlocks = numBlocks;
        _blockSize = blockSize;
        _slots = new Slot[numBlocks * blockSize];
    }

    public float[] Forward(IReadOnlyList<ScheduledChunk> chunks)
    {
        if (StepDelay > TimeSpan.Zero)
        {
            Thread.Sleep(StepDelay);
        }

        lock (_lock)
        {
            Steps.Add(chunks);
            TokensPerStep.Add(chunks.Sum(c => c.TokenIds.Length));
            var rows = new List<float[]>();
            var writtenThisStep = new HashSet<int>();
            foreach (var chunk in chunks)
            {
                var hash = CheckHistory(chunk);
                for (var i = 0; i < chunk.TokenIds.Length; i++)
                {
                    var position = chunk.StartPosition + i;
                    var slot = SlotIndex(chunk, position);
                    if (!writtenThisStep.Add(slot))
                    {
                        Fail($"slot {slot} written twice in one step (sequence {chunk.SequenceId}, position {position})");
                    }

                    hash = Chain(hash, chunk.TokenIds[i], position);
                    _slots[slot] = new Slot(true, position, chunk.TokenIds[i], hash);
                }

                if (chunk.ComputeLogits)
                {
                    rows.Add(Logits(chunk.TokenIds[^1], hash));
                }
            }

            return [.. rows.SelectMany(r => r)];
        }
    }

    public void Dispose()
    {
    }

    /// <summary>The logits the runner returns for a sequence whose newest token is <paramref name="lastToken"/> with rolling hash <paramref name="hash"/>.</summary>
    public float[] Logits(int lastToken, ulong hash)
    {
        var logits = new float[Info.VocabSize];
        for (var v = 0; v < logits.Length; v++)
        {
            logits[v] = (Chain(hash, v, -1) % 1000) / 1000f;
        }

        var favourite = HistoryDriven ? (int)(hash % (ulong)Info.VocabSize) : (lastToken + 1) % Info.VocabSize;
        logits[favourite] += FavouriteBonus;
        return logits;
    }

    /// <summary>Rolling hash of a token at a position after <paramref name="previous"/>.</summary>
    public static ulong Chain(ulong previous, int token, int position)
    {
        var hash = (previous ^ (ulong)(uint)token) * 0x9E3779B97F4A7C15UL;
        hash ^= (ulong)(uint)position * 0xC2B2AE3D27D4EB4FUL;
        return hash ^ (hash >> 29);
    }

    private ulong CheckHistory(ScheduledChunk chunk)
    {
        if (chunk.TokenIds.Length == 0)
        {
            Fail($"sequence {chunk.SequenceId}: empty chunk");
        }

        var lastPosition = chunk.StartPosition + chunk.TokenIds.Length - 1;
        if (chunk.BlockTable.Length * _blockSize <= lastPosition)
        {
            Fail($"sequence {chunk.SequenceId}: block table of {chunk.BlockTable.Length} blocks does not cover position {lastPosition}");
        }

        if (chunk.BlockTable.Distinct().Count() != chunk.BlockTable.Length)
        {
            Fail($"sequence {chunk.SequenceId}: block table repeats a block");
        }

        var hash = 0UL;
        for (var position = 0; position < chunk.StartPosition; position++)
        {
            var slot = _slots[SlotIndex(chunk, position)];
            if (!slot.Written || slot.Position != position || slot.Hash != Chain(hash, slot.Token, position))
            {
                Fail($"sequence {chunk.SequenceId}: position {position} in the cache is missing or belongs to another history");
            }

            hash = slot.Hash;
        }

        return hash;
    }

    private int SlotIndex(ScheduledChunk chunk, int position)
    {
        var block = chunk.BlockTable[position / _blockSize];
        if (block < 0 || block >= NumBlocks)
        {
            Fail($"sequence {chunk.SequenceId}: block id {block} outside the cache of {NumBlocks} blocks");
        }

        return (block * _blockSize) + (position % _blockSize);
    }

    private void Fail(string violation)
    {
        Violations.Add(violation);
        throw new InvalidOperationException(violation);
    }

    private readonly record struct Slot(bool Written, int Position, int Token, ulong Hash);
}
