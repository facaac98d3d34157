namespace Sluice.Bench.Charts;

/// <summary>One panel of a <see cref="TimeSeriesChart"/>: its own y axis, lines and reference lines.</summary>
public sealed record TimeSeriesPanel
{
    /// <summary>Y axis label, with units.</summary>
    public required string YLabel { get; init; }

    /// <summary>The lines; a point whose Y is not finite (no observation yet) breaks its line.</summary>
    public required IReadOnlyList<ChartSeries> Series { get; init; }

    /// <summary>Dashed horizontal lines (SLO limits).</summary>
    public IReadOnlyList<ReferenceLine> References { get; init; } = [];

    /// <summary>Draw the lines as steps (a value holds until the next sample), for counts and settings.</summary>
    public bool Stepped { get; init; }
}
