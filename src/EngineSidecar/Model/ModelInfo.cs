namespace Sluice.Engine.Model;

/// <summary>The shapes and limits of a loaded model that the scheduler and server need.</summary>
/// <param name="Architecture">HF architecture name, e.g. LlamaForCausalLM.</param>
/// <param name="VocabSize">Rows of the logits.</param>
/// <param name="MaxContextTokens">Longest sequence (prompt + output) the model accepts.</param>
/// <param name="NumLayers">Transformer layers.</param>
/// <param name="NumKvHeads">Key/value heads per layer.</param>
/// <param name="HeadDim">Dimension of one attention head.</param>
/// <param name="WeightBytes">Bytes of weights as held by the backend.</param>
/// <param name="Quantization">Quantization of the decoder linear weights in force: none, fp8, int8, int4-awq or int4-gptq.</param>
/// <param name="KvCacheDtype">Element type of the KV cache in force: fp32, bf16, fp16 or fp8.</param>
public sealed record ModelInfo(string Architecture, int VocabSize, int MaxContextTokens, int NumLayers, int NumKvHeads, int HeadDim, long WeightBytes,
    string Quantization = "none", string KvCacheDtype = "fp32");
