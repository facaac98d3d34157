namespace Sluice.Bench.Charts;

/// <summary>A named line of points, drawn in x order.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);
