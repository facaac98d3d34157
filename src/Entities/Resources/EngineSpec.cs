using k8s.Models;
using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>The inference engine each replica runs and its starting knobs.</summary>
public sealed class EngineSpec
{
    /// <summary>
    /// The engine implementation: sluice (the default), vllm, sglang, tgi, lmdeploy or trtllm. Every runtime but sluice runs
    /// behind Sluice's admission proxy (the rate lever) and changes its batch limit by a rolling restart; docs/runtimes.md.
    /// </summary>
    [EnumValues(EngineRuntimes.Sluice, EngineRuntimes.Vllm, EngineRuntimes.Sglang, EngineRuntimes.Tgi, EngineRuntimes.Lmdeploy, EngineRuntimes.Trtllm)]
    [Default(EngineRuntimes.Sluice)]
    public string? Runtime { get; set; }

    /// <summary>Container image of the engine container; absent means the operator's engine image (sluice) or the runtime's pinned image.</summary>
    [Length(1, 512)]
    public string? Image { get; set; }

    /// <summary><c>auto</c> (the tuner decides) or a fixed number of concurrently running sequences.</summary>
    [Pattern(EngineKnob.Pattern)]
    public string? MaxBatchSize { get; set; }

    /// <summary><c>auto</c> (the tuner decides) or a fixed number of admitted requests per second.</summary>
    [Pattern(EngineKnob.Pattern)]
    public string? MaxRequestRate { get; set; }

    /// <summary>Extra command-line arguments appended to the engine's command (<c>sluice-engine serve</c> or the runtime's server).</summary>
    [Length(maximum: 64)]
    public List<string>? ExtraArgs { get; set; }

    /// <summary>CPU and memory for the engine container; the GPU count comes from spec.gpu.</summary>
    public V1ResourceRequirements? Resources { get; set; }
}
