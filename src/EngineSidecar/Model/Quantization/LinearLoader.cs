using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// Reads the decoder layers' linear weights (q/k/v/qkv, o, gate/up/gate_up, down) in the quantization in force: from the
/// checkpoint's own quantized tensors, quantized online from bf16/fp16/fp32 weights, or generated for a dummy preset.
/// Embeddings, norms, biases and lm_head are never read through it.
/// </summary>
public sealed class LinearLoader(IWeightSource source, CheckpointQuantization checkpoint, QuantizationMode mode, ulong dummySeed = 0) : ILinearReader
{
    // Tensor name suffixes of one quantized linear weight in the checkpoint formats read (AWQ, GPTQ, compressed-tensors).
    private static readonly string[] StoredParts = [".qweight", ".qzeros", ".scales", ".g_idx", ".weight", ".weight_packed", ".weight_scale", ".weight_shape", ".input_scale"];

    /// <summary>The mode in force (never <see cref="QuantizationMode.Auto"/>).</summary>
    public QuantizationMode Mode { get; } = mode == QuantizationMode.Auto ? throw new ArgumentException("resolve auto first", nameof(mode)) : mode;

    /// <summary>
    /// The per-layer KV cache scales of a checkpoint with a kv_cache_scheme (tensors model.layers.{i}.self_attn.k_scale and
    /// v_scale, one value each, finite and positive), or null when it has none. Throws <see cref="ModelLoadException"/>
    /// naming a missing or malformed tensor.
    /// </summary>
    public (float[] Keys, float[] Values)? KvCacheScales(int layers)
    {
        if (!checkpoint.KvCacheScales)
        {
            return null;
        }

        float Scale(int layer, string which)
        {
            var name = $"model.layers.{layer}.self_attn.{which}_scale";
            var value = RawTensors.Floats(source, name, 1)[0];
            return float.IsFinite(value) && value > 0 ? value : throw new ModelLoadException($"tensor '{name}' is {value} (must be finite and positive)");
        }

        return (Enumerable.Range(0, layers).Select(i => Scale(i, "k")).ToArray(), Enumerable.Range(0, layers).Select(i => Scale(i, "v")).ToArray());
    }

    /// <summary>
    /// For a dummy source: how the linear weight <paramref name="name"/> ([n, k]) is generated in the mode in force, or null
    /// when it is served unquantized (mode none); for any other source null.
    /// </summary>
    public GeneratedQuantizedTensor? Describe(string name, int n, int k) =>
        source is DummyWeightSource dummy && Mode != QuantizationMode.None
            ? DummyQuantizedWeights.Describe(name, Mode.Kind()!.Value, n, k, dummySeed, dummy.Description)
            : null;

    /// <summary>
    /// The linear weight <paramref name="name"/> (…_proj.weight, [n, k]) quantized, or null when it is served unquantized
    /// (mode none, or listed in the checkpoint's ignore list). Throws <see cref="ModelLoadException"/> naming the tensor for
    /// missing, mis-shaped or corrupt quantized tensors.
    /// </summary>
    public QuantizedTensor? Read(string name, int n, int k)
    {
        if (Mode == QuantizationMode.None)
        {
            return null;
        }

        var prefix = name.EndsWith(".weight", StringComparison.Ordinal) ? name[..^".weight".Length] : name;
        if (checkpoint.IsIgnored(prefix))
        {
            return null;
        }

        if (Describe(name, n, k) is { } generated)
        {
            return DummyQuantizedWeights.Materialize(generated);
        }

        var stored = checkpoint.Mode switch
        {
            QuantizationMode.Int4Awq => Int4Repack.ReadAwq(source, prefix, n, k),
            QuantizationMode.Int4Gptq => Int4Repack.ReadGptq(source, prefix, n, k, checkpoint.ZerosMinusOne),
            QuantizationMode.Fp8 => Int8Fp8Readers.ReadFp8(source, prefix, n, k, checkpoint.StaticInputScale),
            QuantizationMode.Int8 => Int8Fp8Readers.ReadInt8(source, prefix, n, k, checkpoint.Format ?? "naive-quantized"),
            _ => null,
        };
        if (stored is not null)
        {
            // The internal layout is a copy: the stored tensors' pages may leave resident memory.
            foreach (var part in StoredParts)
            {
                source.Release(prefix + part);
            }

            return stored;
        }

        var view = source.Get(name, [n, k]);
        var quantized = Mode switch
        {
            QuantizationMode.Fp8 => Int8Fp8Readers.QuantizeFp8(view),
            QuantizationMode.Int8 => Int8Fp8Readers.QuantizeInt8(view),
            _ => throw new ModelLoadException($"{source.Description}: {Mode.WireName()} needs a checkpoint in that format"),
        };
        source.Release(name);
        return quantized;
    }
}
