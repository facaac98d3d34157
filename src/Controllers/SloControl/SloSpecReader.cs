using Sluice.Controllers.Slo;
using Sluice.Entities;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.SloControl;

/// <summary>Pure translation of an LLMDeployment's spec and status into the control loop's inputs.</summary>
public static class SloSpecReader
{
    /// <summary>The limits of spec.slo; an absent (or unreadable) limit is +∞, so it never breaches.</summary>
    public static SloTargets Targets(SloSpec? slo) => new(
        Seconds(slo?.Ttft),
        Seconds(slo?.Tpot),
        slo?.Percentile ?? 95);

    /// <summary>
    /// Where the tuner may move the levers: a number in spec.engine fixes the lever (min = max); <c>auto</c>
    /// (or absent) gives batch sizes [1, ceiling] and request rates from the configured floor up, unbounded.
    /// </summary>
    public static LeverBounds Bounds(EngineSpec? engine, SloControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (minBatch, maxBatch) = EngineKnob.FixedValue(engine?.MaxBatchSize) is { } batch
            ? (FixedBatch(batch), FixedBatch(batch))
            : (1, Math.Max(1, options.MaxBatchSizeCeiling));
        var (minRate, maxRate) = EngineKnob.FixedValue(engine?.MaxRequestRate) is { } rate && rate > 0
            ? (rate, (double?)rate)
            : (options.MinRequestRatePerSecond, null);
        return new LeverBounds(minBatch, maxBatch, minRate, maxRate);
    }

    /// <summary>The autoscaler's settings from spec.scaling; maxReplicas defaults to minReplicas.</summary>
    public static ScalingSettings Scaling(ScalingSpec? scaling, SloControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var min = scaling?.MinReplicas ?? 1;
        var max = Math.Max(min, scaling?.MaxReplicas ?? min);
        var delay = DurationText.TryParse(scaling?.ScaleDownDelay, out var parsed) ? parsed : options.DefaultScaleDownDelay;
        return new ScalingSettings(min, max, options.TargetUtilization, delay, options.ScaleDownStepInterval, scaling?.Paused ?? false);
    }

    /// <summary>
    /// The levers in force: a number the user fixed in spec.engine always; otherwise the point last applied
    /// by this operator when it remembers one, else status.tuning, else the engine's defaults (configured
    /// initial batch, unlimited rate).
    /// </summary>
    public static TuningPoint StartPoint(TuningPoint? remembered, LLMDeploymentSpec spec, TuningStatus? tuning, SloControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var fixedBatch = EngineKnob.FixedValue(spec.Engine?.MaxBatchSize) is { } b ? FixedBatch(b) : (int?)null;
        var fixedRate = EngineKnob.FixedValue(spec.Engine?.MaxRequestRate) is { } r && r > 0 ? r : (double?)null;
        var batch = fixedBatch ?? remembered?.MaxBatchSize ?? tuning?.MaxBatchSize ?? options.InitialBatchSize;
        var rate = fixedRate ?? (remembered is not null ? remembered.MaxRequestRatePerSecond : tuning?.MaxRequestRate);
        return new TuningPoint(Math.Max(1, batch), rate);
    }

    private static int FixedBatch(double value) => (int)Math.Max(1, Math.Round(value));

    private static double Seconds(string? text) =>
        DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero ? duration.TotalSeconds : double.PositiveInfinity;
}
