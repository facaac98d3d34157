namespace Sluice.Bench.Charts;

/// <summary>A chart and the file name (<c>*.svg</c>) it is written under.</summary>
public sealed record NamedChart(string FileName, ChartDefinition Chart);
