namespace Sluice.Engine.Model.Quantization;

/// <summary>Parsing and checks of <see cref="KvCacheDtype"/>.</summary>
public static class KvCacheDtypes
{
    /// <summary>Accepted values of --kv-cache-dtype.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "fp8"];

    /// <summary>Parses a --kv-cache-dtype value; throws <see cref="ArgumentException"/> naming the accepted values.</summary>
    public static KvCacheDtype Parse(string value) => value switch
    {
        "auto" => KvCacheDtype.Auto,
        "fp8" => KvCacheDtype.Fp8,
        _ => throw new ArgumentException($"--kv-cache-dtype must be one of {string.Join(", ", Names)}; got '{value}'"),
    };

    /// <summary>The wire name of the KV element type a backend stores: 4 bytes "fp32", 2 bytes "bf16" (or "fp16"), 1 byte "fp8".</summary>
    public static string WireName(int kvElementBytes, bool fp16 = false) => kvElementBytes switch
    {
        4 => "fp32",
        2 => fp16 ? "fp16" : "bf16",
        1 => "fp8",
        _ => throw new ArgumentOutOfRangeException(nameof(kvElementBytes), kvElementBytes, "no KV dtype of that size"),
    };
}
