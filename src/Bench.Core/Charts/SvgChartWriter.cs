using System.Xml.Linq;
using static Sluice.Bench.Charts.SvgParts;

namespace Sluice.Bench.Charts;

/// <summary>
/// Renders a <see cref="ChartDefinition"/> as a standalone SVG document (System.Xml.Linq, so the output
/// is always well-formed). Each series is a <c>g class="series"</c> with a <c>data-series</c> name, one
/// <c>polyline</c> and one <c>circle</c> per point; the reference line is a <c>line class="slo"</c>.
/// </summary>
public static class SvgChartWriter
{
    private const double Width = 760;
    private const double Height = 440;
    private const double Left = 80;
    private const double Right = 200;
    private const double Top = 48;
    private const double Bottom = 64;

    /// <summary>The SVG text of <paramref name="chart"/>.</summary>
    public static string Render(ChartDefinition chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var points = chart.Series.SelectMany(s => s.Points).ToList();
        var xScale = AxisScale.Covering(points.Count == 0 ? 0 : points.Max(p => p.X));
        var yScale = AxisScale.Covering(Math.Max(points.Count == 0 ? 0 : points.Max(p => p.Y), chart.ReferenceY ?? 0) * 1.05);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double PixelX(double x) => Left + (x / xScale.Max * plotWidth);
        double PixelY(double y) => Top + plotHeight - (y / yScale.Max * plotHeight);

        var root = new XElement(
            Svg + "svg",
            new XAttribute("width", Format(Width)),
            new XAttribute("height", Format(Height)),
            new XAttribute("viewBox", $"0 0 {Format(Width)} {Format(Height)}"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", "12"),
            new XElement(Svg + "title", chart.Title),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")),
            Text(Left, 28, chart.Title, "title", ("font-size", "16"), ("font-weight", "bold")));

        var grid = new XElement(Svg + "g", new XAttribute("class", "grid"), new XAttribute("stroke", "#e0e0e0"));
        var axes = new XElement(Svg + "g", new XAttribute("class", "axes"));
        foreach (var tick in yScale.Ticks())
        {
            grid.Add(Line(Left, PixelY(tick), Left + plotWidth, PixelY(tick)));
            axes.Add(Text(Left - 8, PixelY(tick) + 4, FormatTick(tick), "tick", ("text-anchor", "end")));
        }

        foreach (var tick in xScale.Ticks())
        {
            grid.Add(Line(PixelX(tick), Top, PixelX(tick), Top + plotHeight));
            axes.Add(Text(PixelX(tick), Top + plotHeight + 18, FormatTick(tick), "tick", ("text-anchor", "middle")));
        }

        axes.Add(Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, ("stroke", "black")));
        axes.Add(Line(Left, Top, Left, Top + plotHeight, ("stroke", "black")));
        axes.Add(Text(Left + (plotWidth / 2), Height - 16, chart.XLabel, "x-label", ("text-anchor", "middle")));
        var yLabelX = 20.0;
        var yLabelY = Top + (plotHeight / 2);
        axes.Add(Text(yLabelX, yLabelY, chart.YLabel, "y-label", ("text-anchor", "middle"), ("transform", $"rotate(-90 {Format(yLabelX)} {Format(yLabelY)})")));
        root.Add(grid, axes);

        if (chart.ReferenceY is { } referenceY)
        {
            root.Add(Line(Left, PixelY(referenceY), Left + plotWidth, PixelY(referenceY), ("class", "slo"), ("stroke", "#555"), ("stroke-dasharray", "6 4"), ("stroke-width", "1.5")));
            // Latency grows with load, so the low-load (left) end of the line is the uncluttered place for its label.
            root.Add(Text(Left + 6, PixelY(referenceY) - 6, chart.ReferenceLabel ?? $"SLO {FormatTick(referenceY)}", "slo-label", ("fill", "#555")));
        }

        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"));
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var series = chart.Series[i];
            var color = Palette[i % Palette.Length];
            var ordered = series.Points.OrderBy(p => p.X).ToList();
            var group = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("data-series", series.Name));
            group.Add(new XElement(
                Svg + "polyline",
                new XAttribute("points", string.Join(' ', ordered.Select(p => $"{Format(PixelX(p.X))},{Format(PixelY(p.Y))}"))),
                new XAttribute("fill", "none"),
                new XAttribute("stroke", color),
                new XAttribute("stroke-width", "2")));
            foreach (var point in ordered)
            {
                group.Add(new XElement(
                    Svg + "circle",
                    new XAttribute("cx", Format(PixelX(point.X))),
                    new XAttribute("cy", Format(PixelY(point.Y))),
                    new XAttribute("r", "3.5"),
                    new XAttribute("fill", color),
                    new XElement(Svg + "title", $"{series.Name}: ({FormatTick(point.X)}, {FormatTick(point.Y)})")));
            }

            root.Add(group);
            var legendY = Top + 10 + (i * 20);
            legend.Add(Line(Width - Right + 16, legendY, Width - Right + 40, legendY, ("stroke", color), ("stroke-width", "2")));
            legend.Add(Text(Width - Right + 46, legendY + 4, series.Name, "legend-label"));
        }

        root.Add(legend);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root + "\n";
    }
}
