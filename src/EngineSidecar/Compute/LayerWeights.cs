namespace Sluice.Engine.Compute;

/// <summary>
/// One decoder layer's weights on a backend. Either <see cref="Qkv"/> (fused, [q + 2·kv, hidden]) or
/// <see cref="Q"/>/<see cref="K"/>/<see cref="V"/> are set; likewise <see cref="GateUp"/> ([2·inter, hidden],
/// gate rows first) or <see cref="Gate"/>/<see cref="Up"/>.
/// </summary>
public sealed class LayerWeights
{
    public required WeightMatrix InputNorm { get; init; }

    public WeightMatrix? Qkv { get; init; }

    public WeightMatrix? Q { get; init; }

    public WeightMatrix? K { get; init; }

    public WeightMatrix? V { get; init; }

    public WeightMatrix? QBias { get; init; }

    public WeightMatrix? KBias { get; init; }

    public WeightMatrix? VBias { get; init; }

    /// <summary>[hidden, q].</summary>
    public required WeightMatrix O { get; init; }

    public WeightMatrix? OBias { get; init; }

    public required WeightMatrix PostAttentionNorm { get; init; }

    public WeightMatrix? GateUp { get; init; }

    public WeightMatrix? Gate { get; init; }

    public WeightMatrix? Up { get; init; }

    /// <summary>[hidden, inter].</summary>
    public required WeightMatrix Down { get; init; }

    /// <summary>Every weight that is set.</summary>
    public IEnumerable<WeightMatrix> All() =>
        new[] { InputNorm, Qkv, Q, K, V, QBias, KBias, VBias, O, OBias, PostAttentionNorm, GateUp, Gate, Up, Down }.OfType<WeightMatrix>();
}
