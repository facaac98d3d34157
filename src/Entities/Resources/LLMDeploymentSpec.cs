using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>What to serve (model, quantization), on what (GPU), to which latency targets, and how many replicas.</summary>
public sealed class LLMDeploymentSpec
{
    [Required]
    public ModelSpec Model { get; set; } = new();

    /// <summary>
    /// Weight quantization of the decoder layers' linear weights: none (bf16), int8, fp8, int4-awq or int4-gptq
    /// (embeddings, lm_head and norms stay bf16). Passed to the engine as <c>--quantization</c>; int4-awq and
    /// int4-gptq need a checkpoint already exported in that format (the engine refuses a bf16 one at start).
    /// </summary>
    [EnumValues(Quantizations.None, Quantizations.Int8, Quantizations.Fp8, Quantizations.Int4Awq, Quantizations.Int4Gptq)]
    [Default(Quantizations.None)]
    public string? Quantization { get; set; }

    /// <summary>KV cache element type: auto (the activation type, 2 bytes) or fp8 (1 byte); passed as <c>--kv-cache-dtype</c>.</summary>
    [EnumValues(KvCacheDtypes.Auto, KvCacheDtypes.Fp8)]
    [Default(KvCacheDtypes.Auto)]
    public string? KvCacheDtype { get; set; }

    /// <summary>The accelerator; absent means the engine's CPU backend (for dummy models and trials).</summary>
    public GpuSpec? Gpu { get; set; }

    [DefaultJson("{}")]
    public SloSpec? Slo { get; set; }

    [DefaultJson("{}")]
    public EngineSpec? Engine { get; set; }

    [DefaultJson("{}")]
    public ScalingSpec? Scaling { get; set; }

    /// <summary>Typical request lengths (hints for the tuner).</summary>
    public WorkloadSpec? Workload { get; set; }

    /// <summary>Scheduling and environment overrides applied to every engine pod.</summary>
    public PodOverrides? Pod { get; set; }
}
