namespace Sluice.Bench.Charts;

/// <summary>Panels stacked over one shared time axis, with optional vertical markers across all of them.</summary>
public sealed record TimeSeriesChart
{
    /// <summary>Shown above the panels and as the SVG <c>title</c>.</summary>
    public required string Title { get; init; }

    /// <summary>Label of the shared x axis, with units.</summary>
    public required string XLabel { get; init; }

    /// <summary>The panels, top to bottom.</summary>
    public required IReadOnlyList<TimeSeriesPanel> Panels { get; init; }

    /// <summary>Vertical lines drawn across every panel.</summary>
    public IReadOnlyList<TimeMarker> Markers { get; init; } = [];
}
