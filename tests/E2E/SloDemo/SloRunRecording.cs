namespace Sluice.E2E.SloDemo;

/// <summary>Everything a recorded run produced: the resource applied, the load, the SLO limits, the samples and the operator's Events.</summary>
public sealed record SloRunRecording(
    string Manifest,
    IReadOnlyList<LoadPhase> Phases,
    double TtftLimitSeconds,
    double TpotLimitSeconds,
    double Percentile,
    IReadOnlyList<SloRunSample> Samples,
    IReadOnlyList<SloRunEvent> Events,
    SloRunRequests Requests);
