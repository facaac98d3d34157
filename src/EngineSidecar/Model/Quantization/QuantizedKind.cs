namespace Sluice.Engine.Model.Quantization;

/// <summary>The internal formats a quantized linear weight is held in (see <see cref="QuantizedTensor"/>).</summary>
public enum QuantizedKind
{
    /// <summary>e4m3 bytes [N, K], fp32 scale per row; activations quantized per token (W8A8).</summary>
    Fp8,

    /// <summary>int8 [N, K], fp32 scale per row (W8A16).</summary>
    Int8,

    /// <summary>4-bit codes [N, K/8] words, fp32 scale and zero point (0..16) per row and group of 128 columns (W4A16).</summary>
    Int4,
}
