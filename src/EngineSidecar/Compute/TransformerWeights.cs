using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute;

/// <summary>All weights of a model, resident on one backend. Disposing frees them.</summary>
public sealed class TransformerWeights : IDisposable
{
    private TransformerWeights(WeightMatrix embedding, IReadOnlyList<LayerWeights> layers, WeightMatrix finalNorm, WeightMatrix lmHead, bool tied)
    {
        Embedding = embedding;
        Layers = layers;
        FinalNorm = finalNorm;
        LmHead = lmHead;
        Tied = tied;
    }

    /// <summary>[vocab, hidden].</summary>
    public WeightMatrix Embedding { get; }

    public IReadOnlyList<LayerWeights> Layers { get; }

    /// <summary>[1, hidden].</summary>
    public WeightMatrix FinalNorm { get; }

    /// <summary>[vocab, hidden]; the embedding itself when tied.</summary>
    public WeightMatrix LmHead { get; }

    public bool Tied { get; }

    /// <summary>Bytes of every weight as the backend reads it.</summary>
    public long Bytes => All().Sum(w => w.Bytes);

    /// <summary>Reads every tensor of <paramref name="config"/>'s <see cref="WeightLayout"/> from <paramref name="source"/> onto <paramref name="backend"/>.</summary>
    public static TransformerWeights Load(ModelConfig config, IWeightSource source, IComputeBackend backend)
    {
        var layout = WeightLayout.For(config);
        var loaded = new List<WeightMatrix>();
        WeightMatrix Get(string name)
        {
            var weight = backend.LoadWeight(source.Get(name, layout[name].Shape));
            loaded.Add(weight);
            return weight;
        }

        WeightMatrix? Optional(bool present, string name) => present ? Get(name) : null;

        try
        {
            var embedding = Get(WeightNames.Embedding);
            var layers = new LayerWeights[config.NumLayers];
            for (var i = 0; i < config.NumLayers; i++)
            {
                string L(string suffix) => WeightNames.Layer(i, suffix);
                layers[i] = new LayerWeights
                {
                    InputNorm = Get(L("input_layernorm.weight")),
                    Qkv = Optional(config.FusedQkv, L("self_attn.qkv_proj.weight")),
                    Q = Optional(!config.FusedQkv, L("self_attn.q_proj.weight")),
                    K = Optional(!config.FusedQkv, L("self_attn.k_proj.weight")),
                    V = Optional(!config.FusedQkv, L("self_attn.v_proj.weight")),
                    QBias = Optional(config.QkvBias, L("self_attn.q_proj.bias")),
                    KBias = Optional(config.QkvBias, L("self_attn.k_proj.bias")),
                    VBias = Optional(config.QkvBias, L("self_attn.v_proj.bias")),
                    O = Get(L("self_attn.o_proj.weight")),
                    OBias = Optional(config.OutputBias, L("self_attn.o_proj.bias")),
                    PostAttentionNorm = Get(L("post_attention_layernorm.weight")),
                    GateUp = Optional(config.FusedGateUp, L("mlp.gate_up_proj.weight")),
                    Gate = Optional(!config.FusedGateUp, L("mlp.gate_proj.weight")),
                    Up = Optional(!config.FusedGateUp, L("mlp.up_proj.weight")),
                    Down = Get(L("mlp.down_proj.weight")),
                };
            }

            var finalNorm = Get(WeightNames.FinalNorm);
            var lmHead = config.TieWordEmbeddings ? embedding : Get(WeightNames.LmHead);
            return new TransformerWeights(embedding, layers, finalNorm, lmHead, config.TieWordEmbeddings);
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
