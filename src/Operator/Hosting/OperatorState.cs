namespace Sluice.Operator.Hosting;

/// <summary>What /readyz and the leader gauge report; written by the worker, read by the endpoints.</summary>
public sealed class OperatorState
{
    private volatile bool _ready;
    private volatile bool _leader;

    /// <summary>True once this replica either stands by for leadership or leads with synced caches.</summary>
    public bool Ready
    {
        get => _ready;
        set => _ready = value;
    }

    public bool Leader
    {
        get => _leader;
        set => _leader = value;
    }

    /// <summary>Keys waiting in the work queues (0 while not leading).</summary>
    public Func<int> QueueDepth { get; set; } = () => 0;

    /// <summary>Why the replica is not ready (for the /readyz body), or null.</summary>
    public string? NotReadyReason { get; set; } = "starting";
}
