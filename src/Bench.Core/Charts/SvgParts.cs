using System.Globalization;
using System.Xml.Linq;

namespace Sluice.Bench.Charts;

/// <summary>The SVG building blocks the chart writers share: namespace, palette, lines, text and number formats.</summary>
internal static class SvgParts
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public static XElement Line(double x1, double y1, double x2, double y2, params (string Name, string Value)[] attributes) =>
        new(Svg + "line",
            new XAttribute("x1", Format(x1)),
            new XAttribute("y1", Format(y1)),
            new XAttribute("x2", Format(x2)),
            new XAttribute("y2", Format(y2)),
            attributes.Select(a => new XAttribute(a.Name, a.Value)));

    public static XElement Text(double x, double y, string text, string cssClass, params (string Name, string Value)[] attributes) =>
        new(Svg + "text",
            new XAttribute("x", Format(x)),
            new XAttribute("y", Format(y)),
            new XAttribute("class", cssClass),
            attributes.Select(a => new XAttribute(a.Name, a.Value)),
            text);

    /// <summary>A pixel coordinate: at most two decimals, invariant culture.</summary>
    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A data value on a tick or in a tooltip: at most three decimals, invariant culture.</summary>
    public static string FormatTick(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
