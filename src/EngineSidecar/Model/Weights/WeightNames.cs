namespace Sluice.Engine.Model.Weights;

/// <summary>Hugging Face tensor names of the Llama-family checkpoints.</summary>
public static class WeightNames
{
    public const string Embedding = "model.embed_tokens.weight";
    public const string FinalNorm = "model.norm.weight";
    public const string LmHead = "lm_head.weight";

    /// <summary>Name of a layer tensor, e.g. Layer(3, "self_attn.q_proj.weight").</summary>
    public static string Layer(int layer, string suffix) => $"model.layers.{layer}.{suffix}";
}
