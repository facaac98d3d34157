namespace Sluice.Engine.Model.Quantization;

/// <summary>What <c>--quantization</c> asks for; <see cref="Auto"/> takes whatever the checkpoint is.</summary>
public enum QuantizationMode
{
    /// <summary>The checkpoint's own format (a dummy preset: <see cref="None"/>).</summary>
    Auto,

    /// <summary>Weights as stored (bf16/fp16/fp32), no quantization.</summary>
    None,

    /// <summary>W8A8: e4m3 weights with a per-output-channel fp32 scale, activations quantized per token to e4m3.</summary>
    Fp8,

    /// <summary>W8A16: symmetric int8 weights with a per-output-channel fp32 scale.</summary>
    Int8,

    /// <summary>W4A16 from an AutoAWQ (GEMM) export: group size 128, asymmetric.</summary>
    Int4Awq,

    /// <summary>W4A16 from a GPTQ export (optionally act-order): group size 128.</summary>
    Int4Gptq,
}
