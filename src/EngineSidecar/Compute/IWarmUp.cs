namespace Sluice.Engine.Compute;

/// <summary>A runner that prepares per-batch-size state (e.g. captured graphs) ahead of the first requests.</summary>
public interface IWarmUp
{
    /// <summary>
    /// Prepares decode steps of every batch size up to <paramref name="maxBatchSize"/>. Call after the KV cache is
    /// allocated and before any sequence holds blocks: the warm-up steps write into the cache's first block.
    /// </summary>
    void WarmUp(int maxBatchSize);
}
