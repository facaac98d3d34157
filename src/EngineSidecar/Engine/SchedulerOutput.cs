using Sluice.Engine.Compute;

namespace Sluice.Engine.Engine;

/// <summary>
/// The result of one scheduling decision and the one message to the model runner: the chunks to compute
/// (parallel to <see cref="Sequences"/>) and the sequences that were preempted to make room.
/// </summary>
public sealed class SchedulerOutput
{
    public List<ScheduledChunk> Chunks { get; } = [];

    /// <summary>The sequence of each chunk, same order as <see cref="Chunks"/>.</summary>
    public List<Sequence> Sequences { get; } = [];

    /// <summary>Sequences moved back to the waiting queue this step; their KV blocks were freed.</summary>
    public List<Sequence> Preempted { get; } = [];

    /// <summary>Tokens computed this step over all chunks.</summary>
    public int NumBatchedTokens { get; set; }

    public bool IsEmpty => Chunks.Count == 0;
}
