using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute;

/// <summary>All weights of a model, resident on one backend. Disposing frees them.</summary>
public sealed class TransformerWeights : IDisposable
{
    private TransformerWeights(WeightMatrix embedding, IReadOnlyList<LayerWeights> layers, WeightMatrix finalNorm, WeightMatrix lmHead, bool tied,
        (float[] Keys, float[] Values)? kvScales)
    {
        KvScales = kvScales;
        Embedding = embedding;
        Layers = layers;
        FinalNorm = finalNorm;
        LmHead = lmHead;
        Tied = tied;
    }

    private static readonly string[] QkvNames = ["q", "k", "v"];

    /// <summary>[vocab, hidden].</summary>
    public WeightMatrix Embedding { get; }

    public IReadOnlyList<LayerWeights> Layers { get; }

    /// <summary>[1, hidden].</summary>
    public WeightMatrix FinalNorm { get; }

    /// <summary>[vocab, hidden]; the embedding itself when tied.</summary>
    public WeightMatrix LmHead { get; }

    public bool Tied { get; }

    /// <summary>The checkpoint's per-layer fp8 KV scales, read when the backend's KV cache is fp8; else null (scale 1).</summary>
    public (float[] Keys, float[] Values)? KvScales { get; }

    /// <summary>Sets <see cref="KvScales"/> on a newly allocated <paramref name="cache"/> (before its first write).</summary>
    public void ApplyKvScales(PagedKvCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (KvScales is { } scales)
        {
            scales.Keys.CopyTo(cache.KeyScales, 0);
            scales.Values.CopyTo(cache.ValueScales, 0);
        }
    }

    /// <summary>Bytes of every weight as the backend reads it.</summary>
    public long Bytes => All().Sum(w => w.Bytes);

    /// <summary>
    /// Reads every tensor of <paramref name="config"/>'s <see cref="WeightLayout"/> from <paramref name="source"/> onto
    /// <paramref name="backend"/>; the decoder linear weights through <paramref name="linear"/> when given (quantized;
    /// separate q/k/v and gate/up are stacked into one quantized tensor each when their formats allow). A tensor the
    /// backend copied is released from the source right away.
    /// </summary>
    public static TransformerWeights Load(ModelConfig config, IWeightSource source, IComputeBackend backend, LinearLoader? linear = null)
    {
        var layout = WeightLayout.For(config);
        var loaded = new List<WeightMatrix>();
        WeightMatrix Keep(WeightMatrix weight)
        {
            loaded.Add(weight);
            return weight;
        }

        WeightMatrix Get(string name)
        {
            var weight = Keep(backend.LoadWeight(source.Get(name, layout[name].Shape)));
            if (weight.HoldsCopy)
            {
                source.Release(name);
            }

            return weight;
        }

        WeightMatrix? Optional(bool present, string name) => present ? Get(name) : null;
        QuantizedTensor? Quantized(string name) => linear?.Read(name, (int)layout[name].Shape[0], (int)layout[name].Shape[1]);
        WeightMatrix Linear(string name) => Quantized(name) is { } q ? Keep(backend.LoadQuantizedWeight(q)) : Get(name);

        // Separate projections: one stacked quantized weight when possible, else each on its own.
        (WeightMatrix? Stacked, WeightMatrix?[] Parts) Projections(string stackedName, params string[] names)
        {
            var quantized = names.Select(Quantized).ToList();
            if (quantized.All(q => q is not null) && QuantizedTensor.CanStack(quantized!))
            {
                return (Keep(backend.LoadQuantizedWeight(QuantizedTensor.Stack(stackedName, quantized!))), new WeightMatrix?[names.Length]);
            }

            return (null, names.Select((n, i) => quantized[i] is { } q ? Keep(backend.LoadQuantizedWeight(q)) : Get(n)).ToArray());
        }

        try
        {
            var embedding = Get(WeightNames.Embedding);
            var layers = new LayerWeights[config.NumLayers];
            for (var i = 0; i < config.NumLayers; i++)
            {
                string L(string suffix) => WeightNames.Layer(i, suffix);
                var inputNorm = Get(L("input_layernorm.weight"));
                var qkv = config.FusedQkv
                    ? (Linear(L("self_attn.qkv_proj.weight")), new WeightMatrix?[3])
                    : Projections(L("self_attn.qkv_proj.weight"), L("self_attn.q_proj.weight"), L("self_attn.k_proj.weight"), L("self_attn.v_proj.weight"));
                var biases = QkvNames.Select(p => Optional(config.QkvBias, L($"self_attn.{p}_proj.bias"))).ToArray();
                var o = Linear(L("self_attn.o_proj.weight"));
                var oBias = Optional(config.OutputBias, L("self_attn.o_proj.bias"));
                var postNorm = Get(L("post_attention_layernorm.weight"));
                var gateUp = config.FusedGateUp
                    ? (Linear(L("mlp.gate_up_proj.weight")), new WeightMatrix?[2])
                    : Projections(L("mlp.gate_up_proj.weight"), L("mlp.gate_proj.weight"), L("mlp.up_proj.weight"));
                layers[i] = new LayerWeights
                {
                    InputNorm = inputNorm,
                    Qkv = qkv.Item1,
                    Q = qkv.Item2[0],
                    K = qkv.Item2[1],
                    V = qkv.Item2[2],
                    QBias = biases[0],
                    KBias = biases[1],
                    VBias = biases[2],
                    O = o,
                    OBias = oBias,
                    PostAttentionNorm = postNorm,
                    GateUp = gateUp.Item1,
                    Gate = gateUp.Item2[0],
                    Up = gateUp.Item2[1],
                    Down = Linear(L("mlp.down_proj.weight")),
                };
            }

            var finalNorm = Get(WeightNames.FinalNorm);
            var lmHead = config.TieWordEmbeddings ? embedding : Get(WeightNames.LmHead);
            var kvScales = backend.KvElementBytes == 1 ? linear?.KvCacheScales(config.NumLayers) : null;
            return new TransformerWeights(embedding, layers, finalNorm, lmHead, config.TieWordEmbeddings, kvScales);
        }
        catch
        {
            loaded.ForEach(w => w.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var weight in All())
        {
            weight.Dispose();
        }
    }

    private IEnumerable<WeightMatrix> All()
    {
        yield return Embedding;
        foreach (var weight in Layers.SelectMany(l => l.All()))
        {
            yield return weight;
        }

        yield return FinalNorm;
        if (!Tied)
        {
            yield return LmHead;
        }
    }
}
