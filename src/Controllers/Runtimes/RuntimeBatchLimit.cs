using Sluice.Entities.Resources;

namespace Sluice.Controllers.Runtimes;

/// <summary>The batch limit a proxied runtime's pods are rendered with: what its restart lever stands at.</summary>
public static class RuntimeBatchLimit
{
    /// <summary>Where an <c>auto</c> lever starts before the SLO controller decided (the engines' default batch).</summary>
    public const int Initial = 32;

    /// <summary>
    /// spec.engine.maxBatchSize when it is a number; otherwise status.runtime.maxBatchSize when it was decided for this
    /// runtime; otherwise <see cref="Initial"/>. The reconciler renders it and the SLO controller reads it as the lever in force.
    /// </summary>
    public static int For(LLMDeploymentSpec spec, LLMDeploymentStatus? status)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (EngineKnob.FixedValue(spec.Engine?.MaxBatchSize) is { } fixedBatch)
        {
            return (int)Math.Max(1, Math.Round(fixedBatch));
        }

        var runtime = spec.Engine?.Runtime ?? EngineRuntimes.Sluice;
        return status?.Runtime is { Name: { } name, MaxBatchSize: { } decided } && name == runtime ? Math.Max(1, decided) : Initial;
    }
}
