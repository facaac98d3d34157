namespace Sluice.Entities.Resources;

/// <summary>The weight quantizations spec.quantization accepts, and their storage cost.</summary>
public static class Quantizations
{
    public const string None = "none";
    public const string Int8 = "int8";
    public const string Fp8 = "fp8";
    public const string Int4Awq = "int4-awq";
    public const string Int4Gptq = "int4-gptq";

    public static IReadOnlyList<string> All { get; } = [None, Int8, Fp8, Int4Awq, Int4Gptq];

    /// <summary>
    /// Bytes per weight including per-group scales: bf16 = 2, 8-bit = 1 (+ per-channel scales, ~0.5 %),
    /// 4-bit = 0.5 + one fp16 scale and zero per group of 128 (≈ 0.53).
    /// </summary>
    public static double BytesPerParameter(string? quantization) => quantization switch
    {
        null or None => 2.0,
        Int8 or Fp8 => 1.005,
        Int4Awq or Int4Gptq => 0.53,
        _ => throw new ArgumentException($"unknown quantization '{quantization}'; expected one of {string.Join(", ", All)}", nameof(quantization)),
    };
}
