namespace Sluice.E2E.SloDemo;

/// <summary>What the load generator saw over a recorded run: requests sent, succeeded, failed, and failures by kind (e.g. HTTP 429).</summary>
public sealed record SloRunRequests(int Total, int Ok, int Failed, IReadOnlyDictionary<string, int> ErrorsByKind);
