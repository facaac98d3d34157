namespace Sluice.Bench.Charts;

/// <summary>One data point, in the chart's units.</summary>
public readonly record struct ChartPoint(double X, double Y);
