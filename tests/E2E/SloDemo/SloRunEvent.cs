namespace Sluice.E2E.SloDemo;

/// <summary>One of the operator's Events about the recorded deployment, at <paramref name="TimeSeconds"/> since the load started.</summary>
public sealed record SloRunEvent(double TimeSeconds, string Reason, string Message);
