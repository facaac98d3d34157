using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;

namespace Sluice.Operator.Cli.Tune;

/// <summary>Everything one tune run produced: its settings, the profiling sweep (when it ran), every period's sample and the whole-load totals.</summary>
/// <param name="Profile">The sweep's curve and chosen point; null when --profile was 0.</param>
/// <param name="ProfileSeconds">How long the sweep took.</param>
/// <param name="Whole">The client's statistics over the whole load (every request sent).</param>
/// <param name="SettledAtSeconds">Seconds after the load started from which every later client window met both limits at the percentile; null when the last did not.</param>
public sealed record TuneRecording(
    TuneOptions Options,
    string Model,
    ProfileResult? Profile,
    double ProfileSeconds,
    IReadOnlyList<TuneSample> Samples,
    ClientWindow Whole,
    double? SettledAtSeconds)
{
    /// <summary>The per-replica rate the scaler planned with, from the profile (<see cref="ProfiledCapacity"/>); null without one.</summary>
    public double? ProfiledRatePerReplica { get; init; }

    /// <summary>The client's statistics over the load step; null without a step.</summary>
    public ClientWindow? StepClient { get; init; }

    /// <summary>Seconds from the step's start to the first decision for more replicas than engines; null when none came.</summary>
    public double? StepScaleUpSeconds { get; init; }

    /// <summary>Seconds from the step's end to the first decision for fewer replicas than engines; null when none came.</summary>
    public double? StepScaleDownSeconds { get; init; }
}
