using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Runtimes;

/// <summary>What a proxied runtime's command line is built from.</summary>
/// <param name="Spec">The (validated) spec.</param>
/// <param name="ModelPath">Where the weights are mounted in the container (hf:// and pvc:// sources).</param>
/// <param name="ServedModelName">The model id clients send.</param>
/// <param name="GpuCount">GPUs of one replica; above 1 the runtime shards by tensor parallelism.</param>
/// <param name="MaxBatchSize">The batch limit to start with (the restart lever's value).</param>
/// <param name="Port">Loopback port the runtime listens on; the admission proxy forwards to it.</param>
public sealed record RuntimeServerInput(LLMDeploymentSpec Spec, string ModelPath, string ServedModelName, int GpuCount, int MaxBatchSize, int Port)
{
    /// <summary>spec.quantization with its default spelled out.</summary>
    public string Quantization => Spec.Quantization ?? Quantizations.None;

    /// <summary>spec.kvCacheDtype with its default spelled out.</summary>
    public string KvCacheDtype => Spec.KvCacheDtype ?? KvCacheDtypes.Auto;

    /// <summary>The model source as parsed.</summary>
    public ModelSource Source => ModelSource.Parse(Spec.Model.Source);
}
