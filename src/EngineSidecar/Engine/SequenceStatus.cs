namespace Sluice.Engine.Engine;

/// <summary>Where a sequence is in its life.</summary>
public enum SequenceStatus
{
    /// <summary>Queued; holds no KV blocks (new, or preempted and waiting to be recomputed).</summary>
    Waiting,

    /// <summary>Holds KV blocks and is scheduled each step.</summary>
    Running,

    /// <summary>Done; its blocks are freed.</summary>
    Finished,
}
