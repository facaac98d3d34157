namespace Sluice.Engine.Model.Config;

/// <summary>
/// The facts of a decoder-only transformer that loading and the forward pass need, normalised across
/// families (read from config.json and generation_config.json, or a dummy preset).
/// </summary>
public sealed record ModelConfig
{
    /// <summary>HF architecture name, e.g. LlamaForCausalLM.</summary>
    public required string Architecture { get; init; }

    public required ModelFamily Family { get; init; }

    public required int HiddenSize { get; init; }

    public required int IntermediateSize { get; init; }

    public required int NumLayers { get; init; }

    /// <summary>Query heads per layer.</summary>
    public required int NumHeads { get; init; }

    /// <summary>Key/value heads per layer (GQA when fewer than <see cref="NumHeads"/>).</summary>
    public required int NumKvHeads { get; init; }

    public required int HeadDim { get; init; }

    public required int VocabSize { get; init; }

    /// <summary>Longest sequence (prompt + output) in tokens.</summary>
    public required int MaxPositionEmbeddings { get; init; }

    public required float RmsNormEps { get; init; }

    public required RopeConfig Rope { get; init; }

    /// <summary>
    /// Per layer: how many positions a query sees, itself included (position i attends to j when
    /// i - j &lt; window); 0 means the whole sequence. Length <see cref="NumLayers"/>.
    /// </summary>
    public required IReadOnlyList<int> SlidingWindowPerLayer { get; init; }

    /// <summary>The LM head reuses the embedding matrix.</summary>
    public required bool TieWordEmbeddings { get; init; }

    /// <summary>q/k/v projections carry biases (Qwen2; Llama with attention_bias).</summary>
    public required bool QkvBias { get; init; }

    /// <summary>The output projection carries a bias (Llama with attention_bias).</summary>
    public bool OutputBias { get; init; }

    /// <summary>Dtype named by the config (torch_dtype / dtype), informational.</summary>
    public string? StoredDtype { get; init; }

    public int? BosTokenId { get; init; }

    /// <summary>Ids that end generation (generation_config.json wins over config.json).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>Query width: NumHeads × HeadDim.</summary>
    public int QueryDim => NumHeads * HeadDim;

    /// <summary>Key (and value) width: NumKvHeads × HeadDim.</summary>
    public int KvDim => NumKvHeads * HeadDim;

    /// <summary>q, k and v fused in one projection (Phi3).</summary>
    public bool FusedQkv => Family == ModelFamily.Phi3;

    /// <summary>gate and up fused in one projection (Phi3).</summary>
    public bool FusedGateUp => Family == ModelFamily.Phi3;

    /// <summary>Throws <see cref="ModelLoadException"/> when the shapes are inconsistent.</summary>
    public void Validate(string source)
    {
        static bool Positive(int v) => v > 0;
        if (!Positive(HiddenSize) || !Positive(IntermediateSize) || !Positive(NumLayers) || !Positive(NumHeads)
            || !Positive(NumKvHeads) || !Positive(HeadDim) || !Positive(VocabSize) || !Positive(MaxPositionEmbeddings))
        {
            throw new ModelLoadException($"{source}: config has a non-positive size ({this})");
        }

        if (NumHeads % NumKvHeads != 0)
        {
            throw new ModelLoadException($"{source}: num_attention_heads {NumHeads} is not a multiple of num_key_value_heads {NumKvHeads}");
        }

        if (SlidingWindowPerLayer.Count != NumLayers)
        {
            throw new ModelLoadException($"{source}: {SlidingWindowPerLayer.Count} layer types for {NumLayers} layers");
        }

        if (Rope.RotaryDim(HeadDim) <= 0)
        {
            throw new ModelLoadException($"{source}: partial_rotary_factor {Rope.PartialRotaryFactor} leaves no rotary dimensions");
        }
    }
}
