using Sluice.Controllers.Preflight;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// Sluice's own engine: both levers live through /admin/config, its own metric contract (src/Contracts), one GPU per
/// replica (it does not shard a model across GPUs yet), every quantization of spec.quantization. Its pods are rendered by
/// <see cref="Desired.PodTemplateBuilder"/> as before.
/// </summary>
public sealed class SluiceRuntime : IEngineRuntime
{
    public string Name => EngineRuntimes.Sluice;

    public bool BatchLeverLive => true;

    public bool ShardsAcrossGpus => false;

    public RuntimeMemory Memory { get; } = new(FitPreflight.UsableFraction, 0);

    public RuntimeMetricNames? Metrics => null;

    /// <summary>Nothing beyond the shared validation: spec.gpu.count above 1 is refused by the fit preflight (GpuCountUnsupported), which words the numbers.</summary>
    public IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return [];
    }
}
