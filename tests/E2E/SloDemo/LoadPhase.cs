namespace Sluice.E2E.SloDemo;

/// <summary>A stretch of open-loop load: <paramref name="RatePerSecond"/> requests per second (0 = idle) for <paramref name="DurationSeconds"/>.</summary>
public sealed record LoadPhase(double DurationSeconds, double RatePerSecond);
