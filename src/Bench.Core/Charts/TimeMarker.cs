namespace Sluice.Bench.Charts;

/// <summary>A dotted vertical line across every panel at time <paramref name="X"/> (e.g. "load stopped").</summary>
public sealed record TimeMarker(double X, string Label);
