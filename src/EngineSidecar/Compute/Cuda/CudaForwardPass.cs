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
    private readonly ModelConfig _config;
    private readonly TransformerWeights _weights;
    private readonly CudaBackend _backend;
    private readonly WeightMatrix?[] _qkv;
    private readonly WeightMatrix?[] _gateUp;
    private readonly List<WeightMatrix> _stacked = [];

    public CudaForwardPass(ModelConfig config, TransformerWeights weights, CudaBackend backend)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(backend);
        _config = config;
        _weights = weights;
        _backend = backend;
        _rope = new(config.Rope, config.HeadDim);
        _attention = config.SlidingWindowPerLayer
            .Select(window => new AttentionShape(config.NumHeads, config.NumKvHeads, config.HeadDim, 1f / MathF.Sqrt(config.HeadDim), window))
            .ToArray();
        // Quantized parts that could not be stacked at load (different act-order permutations) stay separate (null here).
        _qkv = weights.Layers.Select(w => w.Qkv ?? (w.Q!.Quantization is null ? Stack(w.Q!.Name.Replace("q_proj", "qkv_proj", StringComparison.Ordinal), w.Q!, w.K!, w.V!) : null)).ToArray();
        _gateUp = weights.Layers.Select(w => w.GateUp ?? (w.Gate!.Quantization is null ? Stack(w.Gate!.Name.Replace("gate_proj", "gate_up_proj", StringComparison.Ordinal), w.Gate!, w.Up!) : null)).ToArray();
    }

    private readonly RotaryEmbedding _rope;
    private readonly AttentionShape[] _attention;

    /// <summary>Queues the step. ws must be resized to batch.NumTokens token rows and batch.LogitRows.Length logit rows.</summary>
    public void Run(StepBatch batch, PagedKvCache cache, ForwardWorkspace ws)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(ws);
        _backend.Embedding(_weights.Embedding, batch, ws.Residual);
        for (var layer = 0; layer < _config.NumLayers; layer++)
        {
            var w = _weights.Layers[layer];
            if (layer == 0)
            {
                _backend.RmsNorm(ws.Residual, w.InputNorm, _config.RmsNormEps, ws.Normed);
            }
            else
            {
                _backend.AddRmsNorm(ws.Hidden, ws.Residual, w.InputNorm, _config.RmsNormEps, ws.Normed);
            }

            Attention(layer, w, cache, batch, ws);
            _backend.AddRmsNorm(ws.Hidden, ws.Residual, w.PostAttentionNorm, _config.RmsNormEps, ws.Normed);
            Mlp(layer, w, ws);
        }

        _backend.AddRmsNorm(ws.Hidden, ws.Residual, _weights.FinalNorm, _config.RmsNormEps, ws.Normed);
        if (batch.LogitRows.Length > 0)
        {
            _backend.GatherRows(ws.Normed, batch.LogitRows, ws.LastHidden);
            _backend.MatMul(ws.LastHidden, _weights.LmHead, ws.Logits, 0);
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
        var stacked = _backend.Concatenate(name, parts);
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
        int q = _config.QueryDim, kv = _config.KvDim;
        if (_qkv[layer] is { } qkv)
        {
            _backend.MatMul(ws.Normed, qkv, ws.Qkv, 0);
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

        // Query heads and key heads are adjacent columns of qkv: one launch rotates both.
        _backend.Rope(ws.Qkv, 0, _config.NumHeads + _config.NumKvHeads, _rope, batch);
        _backend.WriteKv(ws.Qkv, q, q + kv, cache, layer, batch);
        _backend.PagedAttention(ws.Qkv, 0, cache, layer, _attention[layer], batch, ws.Attention);
        _backend.MatMul(ws.Attention, w.O, ws.Hidden, 0);
        if (w.OBias is not null)
        {
            _backend.AddBias(ws.Hidden, w.OBias, 0);
        }
    }

    // normed [T, hidden] → hidden [T, hidden] = down(silu(gate) · up).
    private void Mlp(int layer, LayerWeights w, ForwardWorkspace ws)
    {
        if (_gateUp[layer] is { } gateUp)
        {
            _backend.MatMul(ws.Normed, gateUp, ws.GateUp, 0);
        }
        else
        {
            _backend.MatMul(ws.Normed, w.Gate!, ws.GateUp, 0);
            _backend.MatMul(ws.Normed, w.Up!, ws.GateUp, _config.IntermediateSize);
        }

        _backend.SiluAndMul(ws.GateUp, ws.Mlp);
        _backend.MatMul(ws.Mlp, w.Down, ws.Hidden, 0);
    }
}
