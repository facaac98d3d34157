using Sluice.Controllers.Slo;

namespace Sluice.Operator.Cli.Tune;

/// <summary>
/// One control period of a tune run: the levers in force after it, what the operator observed over its window (exact attainment
/// when the engine judged requests against the pushed limits), and what the load generator measured over the same window.
/// </summary>
/// <param name="TimeSeconds">Seconds since the load started.</param>
/// <param name="Operator">The operator's observation; null until the window holds two scrapes.</param>
/// <param name="Reasons">Why the levers or the replica count changed in this period (empty when nothing did).</param>
/// <param name="ScaleTo">The replica count the operator's scaler decided in this period; null when it kept the count.</param>
public sealed record TuneSample(double TimeSeconds, TuningPoint Point, ObservedSlo? Operator, ClientWindow Client, IReadOnlyList<string> Reasons, int? ScaleTo = null);
