namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// What makes a <see cref="TransformerRunner"/> one rank of a tensor-parallel group: its part of the model
/// (<see cref="Layout"/>, <see cref="Rank"/>), the collective that joins its partial results with the other ranks', and
/// the buffer its logits are gathered into. Disposing frees that buffer.
/// </summary>
public sealed class TensorParallelRank(TensorParallelLayout layout, ICollective collective) : IDisposable
{
    private Activation? _gathered;

    public TensorParallelLayout Layout { get; } = layout.Size == collective.Size ? layout
        : throw new ArgumentException($"a layout over {layout.Size} ranks cannot use a collective of {collective.Size}");

    public int Rank => collective.Rank;

    /// <summary>
    /// output [T, hidden] = the whole embedding lookup: this rank's vocabulary rows (zeros for tokens outside them), summed
    /// over the ranks. <paramref name="table"/> is the rank's [vocab / R, hidden] slice.
    /// </summary>
    public void Embed(IComputeBackend backend, WeightMatrix table, StepBatch batch, Activation output)
    {
        var shard = backend as IVocabShardEmbedding
            ?? throw new NotSupportedException($"the {backend.Name} backend has no vocabulary-parallel embedding, so it cannot run tensor-parallel");
        shard.EmbeddingShard(table, Layout.VocabStart(Rank), batch, output);
        collective.AllReduceSum(output);
    }

    /// <summary>partial [T, hidden] (a row-parallel product) becomes the sum over the ranks.</summary>
    public void ReduceSum(Activation partial) => collective.AllReduceSum(partial);

    /// <summary>
    /// The logits [L, vocab] of every rank's local [L, vocab / R] side by side (rank order is vocabulary order), in a buffer
    /// this rank owns and reuses.
    /// </summary>
    public Activation GatherLogits(IComputeBackend backend, Activation local)
    {
        if (_gathered is null || _gathered.CapacityRows < local.Rows)
        {
            _gathered?.Dispose();
            _gathered = null;
            _gathered = backend.Allocate(local.CapacityRows, Layout.Model.VocabSize);
        }

        _gathered.Resize(local.Rows);
        collective.AllGather(local, _gathered);
        return _gathered;
    }

    public void Dispose()
    {
        _gathered?.Dispose();
        _gathered = null;
    }
}
