using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Slo;

/// <summary>The outcome of one control period: what was observed, the levers now in force, and the scaling decision.</summary>
/// <param name="Observed">Null until two scrapes of some pod exist.</param>
/// <param name="TuningReasons">Why the levers changed this period (empty when they did not); one Event each.</param>
/// <param name="Scale">A replica change to apply, or null.</param>
/// <param name="Errors">Pods that could not be scraped or configured, with the reason (one Warning Event each).</param>
/// <param name="MetricsProblems">Pods whose page arrived with metrics the loop cannot use (malformed, or a runtime's missing), with the reason; a subset of <paramref name="Errors"/>.</param>
/// <param name="ModelInfoByPod">What each pod scraped this period reports it serves (sluice_model_info), by pod name; pods exporting none are absent.</param>
public sealed record SloControlResult(
    ObservedSlo? Observed,
    TuningPoint Point,
    IReadOnlyList<string> TuningReasons,
    ScaleDecision? Scale,
    IReadOnlyList<string> Errors,
    IReadOnlyDictionary<string, EngineModelInfo>? ModelInfoByPod = null,
    IReadOnlyList<string>? MetricsProblems = null);
