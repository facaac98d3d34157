using Sluice.Controllers.Slo;

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
    double? SettledAtSeconds);
