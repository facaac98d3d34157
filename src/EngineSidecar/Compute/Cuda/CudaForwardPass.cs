using Sluice.Engine.Model.Config;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// The Llama-family forward pass of one step as a sequence of backend ops (the ops of <see cref="TransformerRunner"/>),
/// queued without any host synchronisation so that it can be captured in a graph. Separate q/k/v and gate/up weights
/// are stacked once into one matrix each (the separate copies are freed), so each takes one GEMM.
/// Ends with the logits of batch.LogitRows in ws.Logits.
/// </summary>
public sealed class CudaForwardPass : IDisposable
{
    private readonly ModelConfig config;
    private readonly TransformerWeights weights;
    private readonly CudaBackend backend;
    private readonly WeightMatrix[] _qkv;
    private readonly WeightMatrix[] _gateUp;
    private readonly List<WeightMatrix> _stacked = [];

    public CudaForwardPass(ModelConfig config, TransformerWeights weights, CudaBackend backend)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(backend);
        this.config = config;
        this.weights = weights;
        this.backend = backend;
        _rope = new(config.Rope, config.HeadDim);
        _attention = config.SlidingWindowPerLayer
            .Select(window => new AttentionShape(config.NumHeads, config.NumKvHeads, config.HeadDim, 1f / MathF.Sqrt(config.HeadDim), window))
            .ToArray();
        _qkv = weights.Layers.Select(w => w.Qkv ?? Stack(w.Q!.Name.Replace("q_proj", "qkv_proj", StringComparison.Ordinal), w.Q!, w.K!, w.V!)).ToArray();
        _gateUp = weights.Layers.Select(w => w.GateUp ?? Stack(w.Gate!.Name.Replace("gate_proj", "gate_up_proj", StringComparison.Ordinal), w.Gate!, w.Up!)).ToArray();
    }

    private readonly RotaryEmbedding _rope;
    private readonly AttentionShape[] _attention;

    /// <summary>Queues the step. ws must be resized to batch.NumTokens token rows and batch.LogitRows.Length logit rows.</summary>
    public void Run(StepBatch batch, PagedKvCache cache, ForwardWorkspace ws)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(ws);
        backend.Embedding(weights.Embedding, batch, ws.Residual);
        for (var layer = 0; layer < config.NumLayers; layer++)
        {
            var w = weights.Layers[layer];
            if (layer == 0)
            {
                backend.RmsNorm(ws.Residual, w.InputNorm, config.RmsNormEps, ws.Normed);
            }
            else
            {
                backend.AddRmsNorm(ws.Hidden, ws.Residual, w.InputNorm, config.RmsNormEps, ws.Normed);
            }

            Attention(layer, w, cache, batch, ws);
            backend.AddRmsNorm(ws.Hidden, ws.Residual, w.PostAttentionNorm, config.RmsNormEps, ws.Normed);
            Mlp(layer, w, ws);
        }

        backend.AddRmsNorm(ws.Hidden, ws.Residual, weights.FinalNorm, config.RmsNormEps, ws.Normed);
        if (batch.LogitRows.Length > 0)
        {
            backend.GatherRows(ws.Normed, batch.LogitRows, ws.LastHidden);
            backend.MatMul(ws.LastHidden, weights.LmHead, ws.Logits, 0);
        }
    }

    public void Dispose()
    {
        foreach (var w in _stacked)
        {
            w.Dispose();
        }

        _stacked.Clear();
    }

    private WeightMatrix Stack(string name, params WeightMatrix[] parts)
    {
        var stacked = backend.Concatenate(name, parts);
        _stacked.Add(stacked);
        foreach (var part in parts)
        {
            part.Dispose();
        }

        return stacked;
    }

    // normed [T, hidden] → hidden [T, hidden]; the step's keys/values written to the cache.
    private void Attention(int layer, LayerWeights w, PagedKvCache cache, StepBatch batch, ForwardWorkspace ws)
    {
        int q = config.QueryDim, kv = config.KvDim;
        backend.MatMul(ws.Normed, _qkv[layer], ws.Qkv, 0);

        if (w.QBias is not null)
        {
            backend.AddBias(ws.Qkv, w.QBias, 0);
            backend.AddBias(ws.Qkv, w.KBias!, q);
            backend.AddBias(ws.Qkv, w.VBias!, q + kv);
        }

        // Query heads and key heads are adjacent columns of qkv: one launch rotates both.
        backend.Rope(ws.Qkv, 0, config.NumHeads + config.NumKvHeads, _rope, batch);
        backend.WriteKv(ws.Qkv, q, q + kv, cache, layer, batch);
        backend.PagedAttention(ws.Qkv, 0, cache, layer, _attention[layer], batch, ws.Attention);
        backend.MatMul(ws.Attention, w.O, ws.Hidden, 0);
        if (w.OBias is not null)
        {
            backend.AddBias(ws.Hidden, w.OBias, 0);
        }
    }

    // normed [T, hidden] → hidden [T, hidden] = down(silu(gate) · up).
    private void Mlp(int layer, LayerWeights w, ForwardWorkspace ws)
    {
        backend.MatMul(ws.Normed, _gateUp[layer], ws.GateUp, 0);

        backend.SiluAndMul(ws.GateUp, ws.Mlp);
        backend.MatMul(ws.Mlp, w.Down, ws.Hidden, 0);
    }
}
