using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Models;

namespace Sluice.Entities.Resources;

/// <summary>The inference engine each replica runs and its starting knobs.</summary>
public sealed class EngineSpec
{
    /// <summary>The engine implementation; only <c>sluice</c> today.</summary>
    [EnumValues(EngineRuntimes.Sluice)]
    [Default(EngineRuntimes.Sluice)]
    public string? Runtime { get; set; }

    /// <summary>Container image; absent means the operator's configured engine image.</summary>
    [Length(1, 512)]
    public string? Image { get; set; }

    /// <summary><c>auto</c> (the tuner decides) or a fixed number of concurrently running sequences.</summary>
    [Pattern(EngineKnob.Pattern)]
    public string? MaxBatchSize { get; set; }

    /// <summary><c>auto</c> (the tuner decides) or a fixed number of admitted requests per second.</summary>
    [Pattern(EngineKnob.Pattern)]
    public string? MaxRequestRate { get; set; }

    /// <summary>Extra command-line arguments appended to <c>sluice-engine serve</c>.</summary>
    [Length(maximum: 64)]
    public List<string>? ExtraArgs { get; set; }

    /// <summary>CPU and memory for the engine container; the GPU count comes from spec.gpu.</summary>
    public ResourceRequirements? Resources { get; set; }
}
