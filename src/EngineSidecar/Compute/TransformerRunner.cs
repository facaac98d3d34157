using System.Numerics;
using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute;

/// <summary>
/// <see cref="IModelRunner"/> for Llama-family models (Llama, Qwen2, Mistral, Phi3) on any
/// <see cref="IComputeBackend"/>: pre-norm decoder layers with GQA attention over a paged KV cache and a
/// SwiGLU MLP. Owns the backend, the weights, the weight source and the cache. As one rank of a tensor-parallel group
/// (<see cref="TensorParallelRank"/>) it holds that rank's heads, intermediate features and vocabulary rows, and joins its
/// partial results with the other ranks' after the embedding, o_proj and down_proj (sums) and the LM head (gather).
/// </summary>
public sealed class TransformerRunner : IModelRunner
{
    private readonly IComputeBackend _backend;
    private readonly IWeightSource _source;
    private readonly TransformerWeights _weights;
    private readonly RotaryEmbedding _rope;
    private readonly AttentionShape[] _attention;
    private readonly ModelConfig _shape;
    private readonly TensorParallelRank? _rank;
    private PagedKvCache? _cache;

    /// <summary>The KV cache once allocated (for tests of what it holds).</summary>
    internal PagedKvCache? Cache => _cache;
    private ForwardWorkspace? _workspace;

    /// <summary>
    /// Loads every weight of <paramref name="config"/> from <paramref name="source"/> (decoder linear weights through
    /// <paramref name="linear"/> when given); takes ownership of source and backend.
    /// </summary>
    public TransformerRunner(ModelConfig config, IWeightSource source, IComputeBackend backend, ILinearReader? linear = null, LoadProgress? progress = null)
        : this(config, null, source, backend, linear, progress)
    {
    }

    /// <summary>
    /// Rank <paramref name="rank"/>'s runner: loads the rank's shard from <paramref name="source"/> (a source answering with
    /// shards at <see cref="TensorParallelLayout.RankShape"/>); takes ownership of source, backend and rank.
    /// </summary>
    internal TransformerRunner(TensorParallelRank rank, IWeightSource source, IComputeBackend backend, ILinearReader? linear = null, LoadProgress? progress = null)
        : this(rank.Layout.Model, rank, source, backend, linear, progress)
    {
    }

    private TransformerRunner(ModelConfig config, TensorParallelRank? rank, IWeightSource source, IComputeBackend backend, ILinearReader? linear, LoadProgress? progress)
    {
        Config = config;
        _rank = rank;
        _shape = rank?.Layout.RankShape ?? config;
        _backend = backend;
        _source = source;
        _weights = TransformerWeights.Load(_shape, source, backend, linear, progress);
        _rope = new RotaryEmbedding(config.Rope, config.HeadDim);
        var scale = 1f / MathF.Sqrt(config.HeadDim);
        _attention = config.SlidingWindowPerLayer
            .Select(window => new AttentionShape(_shape.NumHeads, _shape.NumKvHeads, config.HeadDim, scale, window))
            .ToArray();
        Info = new ModelInfo(config.Architecture, config.VocabSize, config.MaxPositionEmbeddings, config.NumLayers,
            config.NumKvHeads, config.HeadDim, _weights.Bytes, (linear?.Mode ?? QuantizationMode.None).WireName(), KvCacheDtypes.WireName(backend.KvElementBytes));
    }

    /// <summary>The model's config (bos/eos ids, shapes, RoPE, sliding windows).</summary>
    public ModelConfig Config { get; }

    public ModelInfo Info { get; }

    /// <summary>Name of the backend computing the forward pass.</summary>
    public string BackendName => _backend.Name;

    /// <summary>Of this runner's own cache: a rank's holds only its key/value heads.</summary>
    public long KvBytesPerBlock(int blockSize) => 2L * Config.NumLayers * blockSize * _shape.KvDim * _backend.KvElementBytes;

    public void AllocateKvCache(int numBlocks, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numBlocks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        _cache?.Dispose();
        _cache = null;
        _cache = _backend.AllocateKvCache(Config.NumLayers, numBlocks, blockSize, _shape.NumKvHeads, Config.HeadDim);
        _weights.ApplyKvScales(_cache);
    }

    public float[] Forward(IReadOnlyList<ScheduledChunk> chunks)
    {
        var cache = _cache ?? throw new InvalidOperationException("AllocateKvCache must be called before Forward");
        return Forward(StepBatchBuilder.Build(chunks, Config.VocabSize, Config.MaxPositionEmbeddings, cache.NumBlocks, cache.BlockSize));
    }

    /// <summary>
    /// <see cref="Forward(IReadOnlyList{ScheduledChunk})"/> of a batch already checked against this cache's geometry. Every
    /// rank of a group computes the same batch at once; only rank 0 copies the logits to the host (the others return none).
    /// </summary>
    internal float[] Forward(StepBatch batch)
    {
        var cache = _cache ?? throw new InvalidOperationException("AllocateKvCache must be called before Forward");
        if (batch.NumTokens == 0)
        {
            return [];
        }

        var ws = Workspace(batch.NumTokens, batch.LogitRows.Length);
        ws.Resize(batch.NumTokens, batch.LogitRows.Length);
        _backend.BeginStep(batch);
        if (_rank is null)
        {
            _backend.Embedding(_weights.Embedding, batch, ws.Residual);
        }
        else
        {
            _rank.Embed(_backend, _weights.Embedding, batch, ws.Residual);
        }

        for (var layer = 0; layer < Config.NumLayers; layer++)
        {
            var w = _weights.Layers[layer];
            if (layer == 0)
            {
                _backend.RmsNorm(ws.Residual, w.InputNorm, Config.RmsNormEps, ws.Normed);
            }
            else
            {
                _backend.AddRmsNorm(ws.Hidden, ws.Residual, w.InputNorm, Config.RmsNormEps, ws.Normed);
            }

            Attention(layer, w, cache, batch, ws);
            _backend.AddRmsNorm(ws.Hidden, ws.Residual, w.PostAttentionNorm, Config.RmsNormEps, ws.Normed);
            Mlp(w, ws);
        }

        _backend.AddRmsNorm(ws.Hidden, ws.Residual, _weights.FinalNorm, Config.RmsNormEps, ws.Normed);
        if (batch.LogitRows.Length == 0)
        {
            return [];
        }

        _backend.GatherRows(ws.Normed, batch.LogitRows, ws.LastHidden);
        _backend.MatMul(ws.LastHidden, _weights.LmHead, ws.Logits, 0);
        var all = _rank is null ? ws.Logits : _rank.GatherLogits(_backend, ws.Logits);
        if (_rank is { Rank: > 0 })
        {
            return [];
        }

        var logits = new float[batch.LogitRows.Length * Config.VocabSize];
        _backend.CopyToHost(all, logits);
        return logits;
    }

    public void Dispose()
    {
        _workspace?.Dispose();
        _cache?.Dispose();
        _weights.Dispose();
        _rank?.Dispose();
        _backend.Dispose();
        _source.Dispose();
    }

    // normed [T, hidden] → hidden [T, hidden]; keys/values of the step written to the cache.
    private void Attention(int layer, LayerWeights w, PagedKvCache cache, StepBatch batch, ForwardWorkspace ws)
    {
        int q = _shape.QueryDim, kv = _shape.KvDim;
        if (w.Qkv is not null)
        {
            _backend.MatMul(ws.Normed, w.Qkv, ws.Qkv, 0);
        }
        else
        {
            _backend.MatMul(ws.Normed, w.Q!, ws.Qkv, 0);
            _backend.MatMul(ws.Normed, w.K!, ws.Qkv, q);
            _backend.MatMul(ws.Normed, w.V!, ws.Qkv, q + kv);
        }

        if (w.QBias is not null)
        {
            _backend.AddBias(ws.Qkv, w.QBias, 0);
            _backend.AddBias(ws.Qkv, w.KBias!, q);
            _backend.AddBias(ws.Qkv, w.VBias!, q + kv);
        }

        _backend.Rope(ws.Qkv, 0, _shape.NumHeads, _rope, batch);
        _backend.Rope(ws.Qkv, q, _shape.NumKvHeads, _rope, batch);
        _backend.WriteKv(ws.Qkv, q, q + kv, cache, layer, batch);
        _backend.PagedAttention(ws.Qkv, 0, cache, layer, _attention[layer], batch, ws.Attention);
        _backend.MatMul(ws.Attention, w.O, ws.Hidden, 0);
        _rank?.ReduceSum(ws.Hidden);
        if (w.OBias is not null)
        {
            _backend.AddBias(ws.Hidden, w.OBias, 0);
        }
    }

    // normed [T, hidden] → hidden [T, hidden] = down(silu(gate) · up).
    private void Mlp(LayerWeights w, ForwardWorkspace ws)
    {
        if (w.GateUp is not null)
        {
            _backend.MatMul(ws.Normed, w.GateUp, ws.GateUp, 0);
        }
        else
        {
            _backend.MatMul(ws.Normed, w.Gate!, ws.GateUp, 0);
            _backend.MatMul(ws.Normed, w.Up!, ws.GateUp, _shape.IntermediateSize);
        }

        _backend.SiluAndMul(ws.GateUp, ws.Mlp);
        _backend.MatMul(ws.Mlp, w.Down, ws.Hidden, 0);
        _rank?.ReduceSum(ws.Hidden);
    }

    private ForwardWorkspace Workspace(int tokens, int logitRows)
    {
        if (_workspace is { } existing && existing.TokenCapacity >= tokens && existing.LogitCapacity >= logitRows)
        {
            return existing;
        }

        var tokenCapacity = Math.Max((int)BitOperations.RoundUpToPowerOf2((uint)tokens), _workspace?.TokenCapacity ?? 0);
        var logitCapacity = Math.Max((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, logitRows)), _workspace?.LogitCapacity ?? 0);
        _workspace?.Dispose();
        _workspace = null;
        _workspace = new ForwardWorkspace(_backend, _shape, tokenCapacity, logitCapacity);
        return _workspace;
    }
}
