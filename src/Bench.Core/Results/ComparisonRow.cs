namespace Sluice.Bench.Results;

/// <summary>One metric of one run pair: baseline value, candidate value and candidate / baseline.</summary>
/// <param name="Point">Which run pair: the axis value (e.g. <c>users=8</c>) or the run number.</param>
/// <param name="Metric">Metric name with its unit.</param>
/// <param name="Baseline">Value in the first file, null when it has none.</param>
/// <param name="Candidate">Value in the second file, null when it has none.</param>
/// <param name="Ratio">Candidate / baseline; null when either is missing or the baseline is 0.</param>
public sealed record ComparisonRow(string Point, string Metric, double? Baseline, double? Candidate, double? Ratio);
