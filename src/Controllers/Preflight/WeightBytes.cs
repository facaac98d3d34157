using Sluice.Entities.Resources;

namespace Sluice.Controllers.Preflight;

/// <summary>
/// Bytes the weights of a model occupy in GPU memory at a quantization, counted the way the checkpoint
/// formats store them. A quantization applies to the decoder layers' linear weights only; the embedding,
/// lm_head and norms stay bf16 (2 bytes per parameter).
/// </summary>
public static class WeightBytes
{
    /// <summary>Input columns that share one int4 scale and zero (AWQ and GPTQ as the engine loads them).</summary>
    public const int Int4GroupSize = 128;

    /// <summary>Width assumed for the linear weights of a model known only by its parameter count.</summary>
    public const int GuessedInFeatures = 4096;

    /// <summary>
    /// Bytes of one <c>[out, in]</c> linear matrix: none = 2 per weight; int8 and fp8 = 1 per weight plus one
    /// fp32 scale per output channel; int4-awq = ½ per weight plus, per group of 128 input columns and output
    /// channel, an fp16 scale and a packed 4-bit zero; int4-gptq = int4-awq plus an int32 g_idx per input column.
    /// Throws <see cref="ArgumentException"/> for a quantization not in <see cref="Quantizations.All"/>.
    /// </summary>
    public static double Linear(string? quantization, LinearMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        double outFeatures = matrix.OutFeatures;
        double inFeatures = matrix.InFeatures;
        var groups = Math.Ceiling(inFeatures / Int4GroupSize);
        var int4 = outFeatures * inFeatures * 0.5 + groups * outFeatures * (2 + 0.5);
        return (quantization ?? Quantizations.None) switch
        {
            Quantizations.None => outFeatures * inFeatures * 2,
            Quantizations.Int8 or Quantizations.Fp8 => outFeatures * inFeatures + outFeatures * 4,
            Quantizations.Int4Awq => int4,
            Quantizations.Int4Gptq => int4 + inFeatures * 4,
            var q => throw new ArgumentException($"unknown quantization '{q}'; expected one of {string.Join(", ", Quantizations.All)}", nameof(quantization)),
        };
    }

    /// <summary>
    /// Bytes of all weights of <paramref name="shape"/>. A guessed shape counts every parameter as a linear weight
    /// <see cref="GuessedInFeatures"/> wide (its embeddings cannot be told apart, so a quantized estimate is a little low).
    /// </summary>
    public static double Model(ModelShape shape, string? quantization)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.GuessedParameters is { } parameters)
        {
            return Linear(quantization, new LinearMatrix((int)Math.Ceiling(parameters / GuessedInFeatures), GuessedInFeatures));
        }

        var perLayer = shape.LayerLinears.Sum(m => Linear(quantization, m));
        return shape.NumLayers * perLayer + shape.UnquantizedParameters * 2;
    }
}
