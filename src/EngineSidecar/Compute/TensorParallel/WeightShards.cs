using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// Which part of each tensor of a Llama-family checkpoint a rank holds under a <see cref="TensorParallelLayout"/>:
/// q/k/v (and their biases, and fused qkv), gate/up (and fused gate_up), the embedding and lm_head split by output rows;
/// o_proj and down_proj split by input columns (their partial products are summed across ranks); norms and the o_proj bias
/// are whole on every rank (the bias is added once, after the sum).
/// </summary>
public static class WeightShards
{
    /// <summary>The shard of tensor <paramref name="name"/> on <paramref name="rank"/>.</summary>
    public static WeightShard For(TensorParallelLayout layout, int rank, string name)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(name);
        var model = layout.Model;
        var shape = layout.RankShape;
        var d = model.HeadDim;
        var q = new IndexRange(layout.QueryHeadStart(rank) * d, shape.QueryDim);
        var kv = new IndexRange(layout.KvHeadStart(rank) * d, shape.KvDim);
        var inter = new IndexRange(layout.IntermediateStart(rank), shape.IntermediateSize);
        if (name is WeightNames.Embedding or WeightNames.LmHead)
        {
            return Rows(new IndexRange(layout.VocabStart(rank), shape.VocabSize));
        }

        var suffix = LayerSuffix(name);
        return suffix switch
        {
            "self_attn.q_proj.weight" or "self_attn.q_proj.bias" => Rows(q),
            "self_attn.k_proj.weight" or "self_attn.k_proj.bias" or "self_attn.v_proj.weight" or "self_attn.v_proj.bias" => Rows(kv),
            "self_attn.qkv_proj.weight" => Rows(q, kv with { Start = model.QueryDim + kv.Start }, kv with { Start = model.QueryDim + model.KvDim + kv.Start }),
            "self_attn.o_proj.weight" => new WeightShard(null, q),
            "mlp.gate_proj.weight" or "mlp.up_proj.weight" => Rows(inter),
            "mlp.gate_up_proj.weight" => Rows(inter, inter with { Start = model.IntermediateSize + inter.Start }),
            "mlp.down_proj.weight" => new WeightShard(null, inter),
            _ => WeightShard.Whole,
        };
    }

    private static WeightShard Rows(params IndexRange[] ranges) => new(ranges, null);

    // "model.layers.3.self_attn.q_proj.weight" → "self_attn.q_proj.weight"; names outside the layers unchanged.
    private static string LayerSuffix(string name)
    {
        const string prefix = "model.layers.";
        var dot = name.StartsWith(prefix, StringComparison.Ordinal) ? name.IndexOf('.', prefix.Length) : -1;
        return dot < 0 ? name : name[(dot + 1)..];
    }
}
