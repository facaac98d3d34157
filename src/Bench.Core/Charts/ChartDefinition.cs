namespace Sluice.Bench.Charts;

/// <summary>A line chart: title, axis labels, series and an optional horizontal reference (SLO) line.</summary>
public sealed record ChartDefinition
{
    /// <summary>Shown above the plot and as the SVG <c>title</c>.</summary>
    public required string Title { get; init; }

    /// <summary>X axis label, with units.</summary>
    public required string XLabel { get; init; }

    /// <summary>Y axis label, with units.</summary>
    public required string YLabel { get; init; }

    /// <summary>The lines; series without points are listed in the legend but draw nothing.</summary>
    public required IReadOnlyList<ChartSeries> Series { get; init; }

    /// <summary>Y value of a dashed horizontal line (an SLO limit), or null for none.</summary>
    public double? ReferenceY { get; init; }

    /// <summary>Label of the reference line.</summary>
    public string? ReferenceLabel { get; init; }
}
