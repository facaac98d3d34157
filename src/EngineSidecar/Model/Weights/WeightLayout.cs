using Sluice.Engine.Model.Config;

namespace Sluice.Engine.Model.Weights;

/// <summary>
/// Every tensor a <see cref="ModelConfig"/> needs, with its shape, without touching any weights: the
/// description that loading checks files against, that dummy presets materialise, and that sizes a model.
/// </summary>
public sealed class WeightLayout
{
    private WeightLayout(IReadOnlyList<WeightSpec> tensors) => Tensors = tensors;

    /// <summary>Tensors in load order.</summary>
    public IReadOnlyList<WeightSpec> Tensors { get; }

    /// <summary>Total number of parameters.</summary>
    public long ParameterCount => Tensors.Sum(t => t.ElementCount);

    /// <summary>Bytes of all weights stored as <paramref name="dtype"/>.</summary>
    public long Bytes(WeightDtype dtype) => ParameterCount * dtype.SizeBytes();

    /// <summary>The spec named <paramref name="name"/>.</summary>
    public WeightSpec this[string name] => Tensors.First(t => t.Name == name);

    /// <summary>Lists the tensors of <paramref name="config"/>'s family at its shapes.</summary>
    public static WeightLayout For(ModelConfig config)
    {
        long h = config.HiddenSize, inter = config.IntermediateSize, q = config.QueryDim, kv = config.KvDim, v = config.VocabSize;
        var list = new List<WeightSpec> { new(WeightNames.Embedding, [v, h]) };
        for (var i = 0; i < config.NumLayers; i++)
        {
            list.Add(new(WeightNames.Layer(i, "input_layernorm.weight"), [h]));
            if (config.FusedQkv)
            {
                list.Add(new(WeightNames.Layer(i, "self_attn.qkv_proj.weight"), [q + (2 * kv), h]));
            }
            else
            {
                list.Add(new(WeightNames.Layer(i, "self_attn.q_proj.weight"), [q, h]));
                list.Add(new(WeightNames.Layer(i, "self_attn.k_proj.weight"), [kv, h]));
                list.Add(new(WeightNames.Layer(i, "self_attn.v_proj.weight"), [kv, h]));
            }

            if (config.QkvBias)
            {
                list.Add(new(WeightNames.Layer(i, "self_attn.q_proj.bias"), [q]));
                list.Add(new(WeightNames.Layer(i, "self_attn.k_proj.bias"), [kv]));
                list.Add(new(WeightNames.Layer(i, "self_attn.v_proj.bias"), [kv]));
            }

            list.Add(new(WeightNames.Layer(i, "self_attn.o_proj.weight"), [h, q]));
            if (config.OutputBias)
            {
                list.Add(new(WeightNames.Layer(i, "self_attn.o_proj.bias"), [h]));
            }

            list.Add(new(WeightNames.Layer(i, "post_attention_layernorm.weight"), [h]));
            if (config.FusedGateUp)
            {
                list.Add(new(WeightNames.Layer(i, "mlp.gate_up_proj.weight"), [2 * inter, h]));
            }
            else
            {
                list.Add(new(WeightNames.Layer(i, "mlp.gate_proj.weight"), [inter, h]));
                list.Add(new(WeightNames.Layer(i, "mlp.up_proj.weight"), [inter, h]));
            }

            list.Add(new(WeightNames.Layer(i, "mlp.down_proj.weight"), [h, inter]));
        }

        list.Add(new(WeightNames.FinalNorm, [h]));
        if (!config.TieWordEmbeddings)
        {
            list.Add(new(WeightNames.LmHead, [v, h]));
        }

        return new WeightLayout(list);
    }
}
