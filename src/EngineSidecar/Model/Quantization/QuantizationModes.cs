namespace Sluice.Engine.Model.Quantization;

/// <summary>The wire names of <see cref="QuantizationMode"/> (CLI flag values, /v1/models, /metrics labels).</summary>
public static class QuantizationModes
{
    /// <summary>Accepted values of --quantization.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "none", "fp8", "int8", "int4-awq", "int4-gptq"];

    /// <summary>Parses a --quantization value; throws <see cref="ArgumentException"/> naming the accepted values.</summary>
    public static QuantizationMode Parse(string value) => value switch
    {
        "auto" => QuantizationMode.Auto,
        "none" => QuantizationMode.None,
        "fp8" => QuantizationMode.Fp8,
        "int8" => QuantizationMode.Int8,
        "int4-awq" => QuantizationMode.Int4Awq,
        "int4-gptq" => QuantizationMode.Int4Gptq,
        _ => throw new ArgumentException($"--quantization must be one of {string.Join(", ", Names)}; got '{value}'"),
    };

    /// <summary>The wire name, e.g. "int4-awq".</summary>
    public static string WireName(this QuantizationMode mode) => mode switch
    {
        QuantizationMode.Auto => "auto",
        QuantizationMode.None => "none",
        QuantizationMode.Fp8 => "fp8",
        QuantizationMode.Int8 => "int8",
        QuantizationMode.Int4Awq => "int4-awq",
        QuantizationMode.Int4Gptq => "int4-gptq",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>The kind of quantized tensor the decoder layers' linear weights become under <paramref name="mode"/>; null for none.</summary>
    public static QuantizedKind? Kind(this QuantizationMode mode) => mode switch
    {
        QuantizationMode.Fp8 => QuantizedKind.Fp8,
        QuantizationMode.Int8 => QuantizedKind.Int8,
        QuantizationMode.Int4Awq or QuantizationMode.Int4Gptq => QuantizedKind.Int4,
        _ => null,
    };
}
