namespace Sluice.Entities.Resources;

/// <summary>
/// What a running engine reports about the model it serves (its <c>sluice_model_info</c> gauge). Written by
/// the SLO controller each control period (not while spec.scaling.paused), from the first ready pod, by
/// name, whose engine container was started with the spec's current <c>--quantization</c> and
/// <c>--kv-cache-dtype</c>; left as it was while no such pod answers. The reconciler reads it: when
/// <see cref="ObservedGeneration"/> is the resource's generation and the values contradict the spec, it sets
/// Degraded with reason EngineMismatch.
/// </summary>
public sealed class EngineStatus
{
    /// <summary>Weight format in force: none, int8, fp8, int4-awq or int4-gptq.</summary>
    public string? Quantization { get; set; }

    /// <summary>KV cache element type in force: bf16, fp16, fp32 or fp8.</summary>
    public string? KvCacheDtype { get; set; }

    /// <summary>The pod the values were read from.</summary>
    public string? Pod { get; set; }

    /// <summary>metadata.generation of the spec whose flags that pod runs.</summary>
    public long? ObservedGeneration { get; set; }
}
