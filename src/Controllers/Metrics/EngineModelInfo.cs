namespace Sluice.Controllers.Metrics;

/// <summary>
/// The labels of the engine's <c>sluice_model_info{model,quantization,kv_cache_dtype} 1</c> gauge: the model id it
/// serves, the weight format in force (none, int8, fp8, int4-awq, int4-gptq) and the KV cache element type (bf16, fp16, fp32, fp8).
/// </summary>
public sealed record EngineModelInfo(string Model, string Quantization, string KvCacheDtype);
