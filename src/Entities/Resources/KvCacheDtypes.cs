namespace Sluice.Entities.Resources;

/// <summary>The KV cache element types spec.kvCacheDtype accepts.</summary>
public static class KvCacheDtypes
{
    /// <summary>The model's activation type (bf16: 2 bytes).</summary>
    public const string Auto = "auto";
    public const string Fp8 = "fp8";
    public const string Int8 = "int8";

    public static IReadOnlyList<string> All { get; } = [Auto, Fp8, Int8];

    public static int BytesPerElement(string? dtype) => dtype switch
    {
        null or Auto => 2,
        Fp8 or Int8 => 1,
        _ => throw new ArgumentException($"unknown kvCacheDtype '{dtype}'; expected one of {string.Join(", ", All)}", nameof(dtype)),
    };
}
