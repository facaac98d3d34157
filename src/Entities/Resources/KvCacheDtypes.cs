namespace Sluice.Entities.Resources;

/// <summary>The KV cache element types spec.kvCacheDtype accepts (the engine's <c>--kv-cache-dtype</c> values).</summary>
public static class KvCacheDtypes
{
    /// <summary>The model's activation type (bf16: 2 bytes per element).</summary>
    public const string Auto = "auto";

    /// <summary>e4m3 with a per-layer scale: 1 byte per element, twice the KV blocks in the same memory.</summary>
    public const string Fp8 = "fp8";

    public static IReadOnlyList<string> All { get; } = [Auto, Fp8];

    /// <summary>Bytes of one K or V element; throws <see cref="ArgumentException"/> for a value not in <see cref="All"/>.</summary>
    public static int BytesPerElement(string? dtype) => dtype switch
    {
        null or Auto => 2,
        Fp8 => 1,
        _ => throw new ArgumentException($"unknown kvCacheDtype '{dtype}'; expected one of {string.Join(", ", All)}", nameof(dtype)),
    };

    /// <summary>
    /// Whether an engine reporting <paramref name="reported"/> (bf16, fp16, fp32 or fp8, as in its
    /// <c>sluice_model_info</c> gauge) serves what <paramref name="requested"/> asks: auto is any activation type, fp8 only fp8.
    /// </summary>
    public static bool Satisfies(string? requested, string reported) => (requested ?? Auto) switch
    {
        Fp8 => reported == Fp8,
        _ => reported != Fp8,
    };
}
