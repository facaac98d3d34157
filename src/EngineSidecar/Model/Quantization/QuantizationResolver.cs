namespace Sluice.Engine.Model.Quantization;

/// <summary>Decides the quantization in force from the --quantization flag and the checkpoint's own format.</summary>
public static class QuantizationResolver
{
    /// <summary>
    /// The mode the decoder linear weights are served in. auto takes the checkpoint's format (none for a dummy preset); a
    /// plain checkpoint (or dummy preset) can be quantized online to fp8 or int8 (a dummy also to int4); int4-awq / int4-gptq
    /// need a checkpoint in that format; a quantized checkpoint must be served in its own format. Throws
    /// <see cref="ModelLoadException"/> naming both formats otherwise.
    /// </summary>
    public static QuantizationMode Resolve(QuantizationMode requested, CheckpointQuantization checkpoint, bool dummy, string source)
    {
        if (requested == QuantizationMode.Auto)
        {
            return checkpoint.Mode;
        }

        if (dummy || requested == checkpoint.Mode)
        {
            return requested;
        }

        if (checkpoint.Mode == QuantizationMode.None)
        {
            return requested switch
            {
                QuantizationMode.Fp8 or QuantizationMode.Int8 => requested,
                _ => throw new ModelLoadException(
                    $"{source}: --quantization {requested.WireName()} needs a checkpoint exported in that format ({(requested == QuantizationMode.Int4Awq ? "AutoAWQ" : "GPTQ")}); " +
                    "this checkpoint is not quantized (quantize it online with --quantization fp8 or int8, or serve an AWQ/GPTQ export)"),
            };
        }

        throw new ModelLoadException(
            $"{source}: --quantization {requested.WireName()} contradicts the checkpoint, which is {checkpoint.Mode.WireName()} ({checkpoint.Method}); " +
            $"use --quantization auto or {checkpoint.Mode.WireName()}");
    }
}
