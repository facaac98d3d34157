using Sluice.Engine.Model.Dummy;

namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// Reads the decoder layers' linear weights (q/k/v/qkv, o, gate/up/gate_up, down) in the quantization in force; embeddings,
/// norms, biases and lm_head are never read through it. <see cref="LinearLoader"/> reads a whole checkpoint;
/// a tensor-parallel rank reads its shard of one.
/// </summary>
public interface ILinearReader
{
    /// <summary>The mode in force (never <see cref="QuantizationMode.Auto"/>).</summary>
    QuantizationMode Mode { get; }

    /// <summary>
    /// The per-layer KV cache scales of a checkpoint with a kv_cache_scheme, or null when it has none. Throws
    /// <see cref="ModelLoadException"/> naming a missing or malformed tensor.
    /// </summary>
    (float[] Keys, float[] Values)? KvCacheScales(int layers);

    /// <summary>
    /// How the linear weight <paramref name="name"/> ([n, k]) is generated where the backend keeps it, or null when it is not
    /// generated that way (then <see cref="Read"/> gives it, or it is served unquantized).
    /// </summary>
    GeneratedQuantizedTensor? Describe(string name, int n, int k);

    /// <summary>
    /// The linear weight <paramref name="name"/> (…_proj.weight, [n, k]) quantized, or null when it is served unquantized.
    /// Throws <see cref="ModelLoadException"/> naming the tensor for missing, mis-shaped or corrupt quantized tensors.
    /// </summary>
    QuantizedTensor? Read(string name, int n, int k);
}
