using Sluice.Engine.Model;
using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// An <see cref="IModelRunner"/> that computes each step on the ranks of a <see cref="TensorParallelLayout"/> at once, each a
/// <see cref="TransformerRunner"/> holding its shard of the weights and a KV cache of only its key/value heads. The engine's
/// one scheduler plans a step; <see cref="Forward"/> checks and flattens that plan once (rank 0's <see cref="StepBatch"/>) and
/// hands the same batch to every rank; rank 0's gathered logits come back. After a rank fails, the group is stopped and
/// every later call throws <see cref="InvalidOperationException"/>. Owns the ranks, the group and the weight source.
/// </summary>
public sealed class TensorParallelRunner : IModelRunner
{
    private readonly TransformerRunner[] _ranks;
    private readonly ICollectiveGroup _group;
    private readonly RankThreads _threads;
    private readonly IWeightSource _source;

    private TensorParallelRunner(TensorParallelLayout layout, TransformerRunner[] ranks, ICollectiveGroup group, IWeightSource source)
    {
        Layout = layout;
        _ranks = ranks;
        _group = group;
        _source = source;
        _threads = new RankThreads(ranks.Length, group.Abort);
        Info = ranks[0].Info with { WeightBytes = ranks.Sum(r => r.Info.WeightBytes) };
        Config = layout.Model;
    }

    /// <summary>The whole model's config.</summary>
    public ModelConfig Config { get; }

    public TensorParallelLayout Layout { get; }

    /// <summary>The whole model's shapes; <see cref="ModelInfo.WeightBytes"/> sums every rank's.</summary>
    public ModelInfo Info { get; }

    /// <summary>The rank runners, rank 0 first (for tests of what each holds).</summary>
    internal IReadOnlyList<TransformerRunner> Ranks => _ranks;

    /// <summary>
    /// Loads every rank's shard of <paramref name="source"/> (through <see cref="ShardedWeightSource"/> and, when
    /// <paramref name="linear"/> is given, <see cref="ShardedLinearReader"/>) onto <paramref name="backendFor"/>(rank), one
    /// rank after the other, joined by <paramref name="group"/>. Takes ownership of source and group, also when it throws;
    /// throws <see cref="ArgumentException"/> when the model does not split (<see cref="TensorParallelLayout.Problem"/>) and
    /// <see cref="ModelLoadException"/> for a weight that cannot be split.
    /// </summary>
    /// <param name="progress">Makes the load progress reporter of each rank's share of the parameters; null loads silently.</param>
    public static TensorParallelRunner Load(ModelConfig config, IWeightSource source, ILinearReader? linear, ICollectiveGroup group,
        Func<int, IComputeBackend> backendFor, Func<long, LoadProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(backendFor);
        var ranks = new List<TransformerRunner>();
        try
        {
            var layout = TensorParallelLayout.Create(config, group.Size);
            var rankParameters = WeightLayout.For(layout.RankShape).ParameterCount;
            for (var rank = 0; rank < layout.Size; rank++)
            {
                var shard = new ShardedWeightSource(source, layout, rank);
                var backend = backendFor(rank);
                var context = new TensorParallelRank(layout, group.Rank(rank));
                try
                {
                    var reader = linear is null ? null : new ShardedLinearReader(linear, layout, rank);
                    ranks.Add(new TransformerRunner(context, shard, backend, reader, progress?.Invoke(rankParameters)));
                }
                catch
                {
                    context.Dispose();
                    backend.Dispose();
                    shard.Dispose();
                    throw;
                }
            }

            return new TensorParallelRunner(layout, [.. ranks], group, source);
        }
        catch
        {
            ranks.ForEach(r => r.Dispose());
            group.Dispose();
            source.Dispose();
            throw;
        }
    }

    /// <summary>Bytes of one block across every rank's cache (replicated key/value heads counted on each rank holding them).</summary>
    public long KvBytesPerBlock(int blockSize) => _ranks.Sum(r => r.KvBytesPerBlock(blockSize));

    public void AllocateKvCache(int numBlocks, int blockSize)
    {
        ThrowIfStopped();
        foreach (var rank in _ranks)
        {
            rank.AllocateKvCache(numBlocks, blockSize);
        }
    }

    public float[] Forward(IReadOnlyList<ScheduledChunk> chunks)
    {
        ThrowIfStopped();
        var cache = _ranks[0].Cache ?? throw new InvalidOperationException("AllocateKvCache must be called before Forward");
        var batch = StepBatchBuilder.Build(chunks, Config.VocabSize, Config.MaxPositionEmbeddings, cache.NumBlocks, cache.BlockSize);
        float[] logits = [];
        _threads.Run(rank =>
        {
            var result = _ranks[rank].Forward(batch);
            if (rank == 0)
            {
                logits = result;
            }
        });
        return logits;
    }

    public void Dispose()
    {
        _threads.Dispose();
        foreach (var rank in _ranks)
        {
            rank.Dispose();
        }

        _group.Dispose();
        _source.Dispose();
    }

    private void ThrowIfStopped()
    {
        if (_group.IsAborted)
        {
            throw new InvalidOperationException($"a rank of this {_ranks.Length}-rank tensor-parallel group failed in an earlier step; the group is stopped");
        }
    }
}
