using System.Xml.Linq;
using static Sluice.Bench.Charts.SvgParts;

namespace Sluice.Bench.Charts;

/// <summary>
/// Renders a <see cref="TimeSeriesChart"/> as a standalone SVG document: the panels stacked top to bottom over one
/// shared x (time) axis, each with its own y axis from 0, legend on its right and dashed reference lines
/// (<c>line class="slo"</c>); markers are dotted vertical lines (<c>line class="marker"</c>) across all panels. Each
/// series is a <c>g class="series"</c> with <c>data-series</c> and <c>data-panel</c> (the panel's index), one
/// <c>polyline</c> per run of finite points.
/// </summary>
public static class SvgTimeSeriesWriter
{
    private const double Width = 860;
    private const double PanelHeight = 120;
    private const double PanelGap = 34;
    private const double Left = 80;
    private const double Right = 230;
    private const double Top = 64;
    private const double Bottom = 56;

    /// <summary>The SVG text of <paramref name="chart"/>; throws <see cref="ArgumentException"/> when it has no panel.</summary>
    public static string Render(TimeSeriesChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (chart.Panels.Count == 0)
        {
            throw new ArgumentException("a time-series chart needs at least one panel", nameof(chart));
        }

        var height = Top + (chart.Panels.Count * PanelHeight) + ((chart.Panels.Count - 1) * PanelGap) + Bottom;
        var plotWidth = Width - Left - Right;
        var xs = chart.Panels.SelectMany(p => p.Series).SelectMany(s => s.Points).Select(p => p.X).Concat(chart.Markers.Select(m => m.X)).ToList();
        var xScale = AxisScale.Covering(xs.Count == 0 ? 0 : xs.Max());
        double PixelX(double x) => Left + (x / xScale.Max * plotWidth);

        var root = new XElement(
            Svg + "svg",
            new XAttribute("width", Format(Width)),
            new XAttribute("height", Format(height)),
            new XAttribute("viewBox", $"0 0 {Format(Width)} {Format(height)}"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", "12"),
            new XElement(Svg + "title", chart.Title),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")),
            Text(Left, 28, chart.Title, "title", ("font-size", "16"), ("font-weight", "bold")));

        var colorIndex = 0;
        for (var i = 0; i < chart.Panels.Count; i++)
        {
            var top = Top + (i * (PanelHeight + PanelGap));
            root.Add(RenderPanel(chart.Panels[i], i, top, xScale, PixelX, ref colorIndex));
        }

        var bottom = height - Bottom;
        foreach (var marker in chart.Markers)
        {
            root.Add(Line(PixelX(marker.X), Top - 8, PixelX(marker.X), bottom, ("class", "marker"), ("stroke", "#888"), ("stroke-dasharray", "2 3")));
            root.Add(Text(PixelX(marker.X) + 3, Top - 12, marker.Label, "marker-label", ("fill", "#555"), ("font-size", "11")));
        }

        root.Add(Text(Left + (plotWidth / 2), height - 16, chart.XLabel, "x-label", ("text-anchor", "middle")));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root + "\n";
    }

    private static XElement RenderPanel(TimeSeriesPanel panel, int index, double top, AxisScale xScale, Func<double, double> pixelX, ref int colorIndex)
    {
        var plotWidth = Width - Left - Right;
        var ys = panel.Series.SelectMany(s => s.Points).Select(p => p.Y).Where(double.IsFinite).Concat(panel.References.Select(r => r.Y)).ToList();
        var yScale = AxisScale.Covering((ys.Count == 0 ? 0 : ys.Max()) * 1.05, targetTicks: 4);
        double PixelY(double y) => top + PanelHeight - (Math.Clamp(y, 0, yScale.Max) / yScale.Max * PanelHeight);

        var group = new XElement(Svg + "g", new XAttribute("class", "panel"), new XAttribute("data-panel", index));
        var grid = new XElement(Svg + "g", new XAttribute("class", "grid"), new XAttribute("stroke", "#e0e0e0"));
        foreach (var tick in yScale.Ticks())
        {
            grid.Add(Line(Left, PixelY(tick), Left + plotWidth, PixelY(tick)));
            group.Add(Text(Left - 8, PixelY(tick) + 4, FormatTick(tick), "tick", ("text-anchor", "end")));
        }

        foreach (var tick in xScale.Ticks())
        {
            grid.Add(Line(pixelX(tick), top, pixelX(tick), top + PanelHeight));
            group.Add(Text(pixelX(tick), top + PanelHeight + 16, FormatTick(tick), "tick", ("text-anchor", "middle"), ("fill", "#666")));
        }

        group.AddFirst(grid);
        group.Add(Line(Left, top + PanelHeight, Left + plotWidth, top + PanelHeight, ("stroke", "black")));
        group.Add(Line(Left, top, Left, top + PanelHeight, ("stroke", "black")));
        var labelX = 22.0;
        var labelY = top + (PanelHeight / 2);
        group.Add(Text(labelX, labelY, panel.YLabel, "y-label", ("text-anchor", "middle"), ("transform", $"rotate(-90 {Format(labelX)} {Format(labelY)})")));

        var legendRow = 0;
        foreach (var reference in panel.References)
        {
            group.Add(Line(Left, PixelY(reference.Y), Left + plotWidth, PixelY(reference.Y), ("class", "slo"), ("stroke", "#555"), ("stroke-dasharray", "6 4"), ("stroke-width", "1.5")));
            var legendY = top + 10 + (legendRow++ * 18);
            group.Add(Line(Width - Right + 16, legendY, Width - Right + 40, legendY, ("stroke", "#555"), ("stroke-dasharray", "6 4"), ("stroke-width", "1.5")));
            group.Add(Text(Width - Right + 46, legendY + 4, reference.Label, "legend-label"));
        }

        foreach (var series in panel.Series)
        {
            var color = Palette[colorIndex++ % Palette.Length];
            var line = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("data-series", series.Name), new XAttribute("data-panel", index));
            foreach (var run in Runs(series.Points.OrderBy(p => p.X).ToList(), panel.Stepped))
            {
                line.Add(new XElement(
                    Svg + "polyline",
                    new XAttribute("points", string.Join(' ', run.Select(p => $"{Format(pixelX(p.X))},{Format(PixelY(p.Y))}"))),
                    new XAttribute("fill", "none"),
                    new XAttribute("stroke", color),
                    new XAttribute("stroke-width", "2")));
            }

            group.Add(line);
            var legendY = top + 10 + (legendRow++ * 18);
            group.Add(Line(Width - Right + 16, legendY, Width - Right + 40, legendY, ("stroke", color), ("stroke-width", "2")));
            group.Add(Text(Width - Right + 46, legendY + 4, series.Name, "legend-label"));
        }

        return group;
    }

    /// <summary>Splits ordered points into runs of finite values; a stepped run holds each value until the next point's x.</summary>
    private static List<List<ChartPoint>> Runs(IReadOnlyList<ChartPoint> ordered, bool stepped)
    {
        var runs = new List<List<ChartPoint>>();
        List<ChartPoint>? current = null;
        foreach (var point in ordered)
        {
            if (!double.IsFinite(point.Y) || !double.IsFinite(point.X))
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                current = [];
                runs.Add(current);
            }
            else if (stepped)
            {
                current.Add(new ChartPoint(point.X, current[^1].Y));
            }

            current.Add(point);
        }

        return runs;
    }
}
