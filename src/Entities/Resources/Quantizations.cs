namespace Sluice.Entities.Resources;

/// <summary>
/// The weight quantizations spec.quantization accepts; the operator passes the value to the engine as
/// <c>--quantization</c> and the engine reports it back in <c>sluice_model_info{quantization}</c>.
/// </summary>
public static class Quantizations
{
    /// <summary>The checkpoint's own 16-bit weights (bf16).</summary>
    public const string None = "none";

    /// <summary>W8A16: int8 weights with per-output-channel scales.</summary>
    public const string Int8 = "int8";

    /// <summary>W8A8 e4m3 with per-output-channel weight scales.</summary>
    public const string Fp8 = "fp8";

    /// <summary>W4A16, group size 128, AutoAWQ packing; needs a checkpoint exported in that format.</summary>
    public const string Int4Awq = "int4-awq";

    /// <summary>W4A16, group size 128, GPTQ packing with g_idx; needs a checkpoint exported in that format.</summary>
    public const string Int4Gptq = "int4-gptq";

    /// <summary>Every value, from the largest weights to the smallest.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Int8, Fp8, Int4Awq, Int4Gptq];
}
