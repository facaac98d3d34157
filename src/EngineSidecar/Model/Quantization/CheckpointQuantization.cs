using System.Text.RegularExpressions;

namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// What a checkpoint's config.json <c>quantization_config</c> says its decoder linear weights are (see
/// <see cref="CheckpointQuantizationParser"/> for the accepted methods). <see cref="None"/> for a plain checkpoint.
/// </summary>
public sealed record CheckpointQuantization
{
    /// <summary>A checkpoint without quantization_config.</summary>
    public static readonly CheckpointQuantization None = new() { Mode = QuantizationMode.None, Method = "none" };

    /// <summary>None, Fp8, Int8, Int4Awq or Int4Gptq.</summary>
    public required QuantizationMode Mode { get; init; }

    /// <summary>quant_method as written (awq, gptq, compressed-tensors), for messages.</summary>
    public required string Method { get; init; }

    /// <summary>Columns per group of int4 checkpoints (always <see cref="QuantizedTensor.GroupSize"/> once parsed).</summary>
    public int GroupSize { get; init; } = QuantizedTensor.GroupSize;

    /// <summary>GPTQ v1 (checkpoint_format "gptq"): stored zero points are the zero point minus 1.</summary>
    public bool ZerosMinusOne { get; init; }

    /// <summary>compressed-tensors format: float-quantized, naive-quantized, int-quantized or pack-quantized.</summary>
    public string? Format { get; init; }

    /// <summary>fp8 with a static per-tensor activation scale (input_scale tensors) instead of dynamic per-token scales.</summary>
    public bool StaticInputScale { get; init; }

    /// <summary>
    /// compressed-tensors kv_cache_scheme (static per-tensor fp8): the checkpoint holds per-layer KV scales
    /// (self_attn.k_scale / v_scale), used when the KV cache is fp8.
    /// </summary>
    public bool KvCacheScales { get; init; }

    /// <summary>compressed-tensors "ignore" entries: module names, or "re:" regular expressions, left unquantized.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Whether the module <paramref name="module"/> (e.g. model.layers.0.mlp.down_proj) is listed in <see cref="Ignore"/>.</summary>
    public bool IsIgnored(string module) => Ignore.Any(pattern => pattern.StartsWith("re:", StringComparison.Ordinal)
        ? Regex.IsMatch(module, pattern[3..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
        : pattern == module);
}
