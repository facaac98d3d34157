namespace Sluice.Bench.Charts;

/// <summary>A dashed horizontal line at <paramref name="Y"/> (an SLO limit), labelled <paramref name="Label"/>.</summary>
public sealed record ReferenceLine(double Y, string Label);
