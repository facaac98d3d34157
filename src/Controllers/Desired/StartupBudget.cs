using Sluice.Controllers.Preflight;
using Sluice.Entities.Model;

namespace Sluice.Controllers.Desired;

/// <summary>
/// How long the startup probe waits for the engine: the model's weight bytes (from the preflight's shape of the model at
/// spec.quantization) over the assumed load bandwidth from the cache (<see cref="ModelCacheSettings.AssumedLoadBytesPerSecond"/>),
/// plus <see cref="ModelCacheSettings.StartupMarginSeconds"/> for kernel compilation and warm-up. A model of unknown size
/// gets <see cref="UnknownSizeGpuSeconds"/> on a GPU and <see cref="UnknownSizeCpuSeconds"/> on the CPU backend.
/// </summary>
public static class StartupBudget
{
    public const int UnknownSizeGpuSeconds = 1800;
    public const int UnknownSizeCpuSeconds = 300;

    /// <summary>Seconds the engine may take from container start to /health answering.</summary>
    public static int Seconds(DesiredInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cache = input.Settings.ModelCache;
        var source = ModelSource.Parse(input.Spec.Model.Source);
        if (KnownModels.Find(source) is not { } shape || cache.AssumedLoadBytesPerSecond <= 0)
        {
            return input.Gpu is null ? UnknownSizeCpuSeconds : UnknownSizeGpuSeconds;
        }

        var loadSeconds = WeightBytes.Model(shape, input.Spec.Quantization) / cache.AssumedLoadBytesPerSecond;
        return (int)Math.Ceiling(Math.Min(86_400, loadSeconds + Math.Max(0, cache.StartupMarginSeconds)));
    }

    /// <summary>The startup probe's period and failure threshold covering <see cref="Seconds"/>: every 10 s on a GPU, 5 s on the CPU.</summary>
    public static (int PeriodSeconds, int FailureThreshold) Probe(DesiredInput input)
    {
        var period = input?.Gpu is null ? 5 : 10;
        return (period, Math.Max(1, (Seconds(input!) + period - 1) / period));
    }
}
