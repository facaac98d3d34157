using System.Globalization;
using System.Xml.Linq;
using Sluice.Bench.Charts;

namespace Sluice.Bench.Tests.Charts;

public class SvgTimeSeriesWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Panels_share_the_time_axis_with_their_own_series_reference_lines_and_markers()
    {
        var chart = new TimeSeriesChart
        {
            Title = "SLO control <run>",
            XLabel = "time (s)",
            Panels =
            [
                new TimeSeriesPanel { YLabel = "replicas", Series = [new ChartSeries("replicas", [new(0, 1), new(30, 3), new(60, 2)])], Stepped = true },
                new TimeSeriesPanel
                {
                    YLabel = "TTFT p95 (ms)",
                    Series = [new ChartSeries("TTFT p95", [new(0, 100), new(30, 900), new(60, 200)])],
                    References = [new ReferenceLine(500, "TTFT limit 500 ms")],
                },
            ],
            Markers = [new TimeMarker(40, "load stopped")],
        };

        var document = XDocument.Parse(SvgTimeSeriesWriter.Render(chart));

        document.Root!.Element(Svg + "title")!.Value.Should().Be("SLO control <run>");
        document.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "panel").Should().HaveCount(2);
        var series = document.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        series.Select(g => ((string?)g.Attribute("data-series"), (string?)g.Attribute("data-panel"))).Should().Equal(("replicas", "0"), ("TTFT p95", "1"));

        // The limit lies between the 200 ms and 900 ms points of its own panel (SVG y grows downward).
        var ttft = Points(series[1].Element(Svg + "polyline")!);
        var slo = document.Descendants(Svg + "line").Single(l => (string?)l.Attribute("class") == "slo");
        var sloY = double.Parse((string)slo.Attribute("y1")!, CultureInfo.InvariantCulture);
        sloY.Should().BeGreaterThan(ttft[1].Y).And.BeLessThan(ttft[2].Y);
        document.Descendants(Svg + "text").Should().Contain(t => t.Value == "TTFT limit 500 ms").And.Contain(t => t.Value == "load stopped");

        // Both panels map time the same way: x = 30 s is one pixel column in each, and the marker sits at 40 s.
        var replicas = Points(series[0].Element(Svg + "polyline")!);
        replicas.Should().Contain(p => Math.Abs(p.X - ttft[1].X) < 1e-9);
        var marker = document.Descendants(Svg + "line").Single(l => (string?)l.Attribute("class") == "marker");
        var markerX = double.Parse((string)marker.Attribute("x1")!, CultureInfo.InvariantCulture);
        markerX.Should().BeGreaterThan(ttft[1].X).And.BeLessThan(ttft[2].X);
        (markerX - ttft[1].X).Should().BeApproximately((ttft[2].X - ttft[1].X) / 3, 0.02, "40 s is a third of the way from 30 s to 60 s");
    }

    [Fact]
    public void Stepped_lines_hold_each_value_until_the_next_sample()
    {
        var chart = Single(new TimeSeriesPanel { YLabel = "y", Series = [new ChartSeries("s", [new(0, 1), new(10, 3)])], Stepped = true });

        var points = Points(XDocument.Parse(SvgTimeSeriesWriter.Render(chart)).Descendants(Svg + "polyline").Single());

        points.Should().HaveCount(3);
        points[1].X.Should().Be(points[2].X, "the corner is at the second sample's time");
        points[1].Y.Should().Be(points[0].Y, "at the first sample's value");
    }

    [Fact]
    public void A_missing_observation_breaks_the_line()
    {
        var chart = Single(new TimeSeriesPanel { YLabel = "y", Series = [new ChartSeries("s", [new(0, 1), new(1, 2), new(2, double.NaN), new(3, 2), new(4, 1)])] });

        var lines = XDocument.Parse(SvgTimeSeriesWriter.Render(chart)).Descendants(Svg + "polyline").Select(Points).ToList();

        lines.Select(l => l.Count).Should().Equal(2, 2);
    }

    [Fact]
    public void A_chart_without_panels_is_refused()
    {
        var render = () => SvgTimeSeriesWriter.Render(new TimeSeriesChart { Title = "t", XLabel = "x", Panels = [] });

        render.Should().Throw<ArgumentException>().WithMessage("*at least one panel*");
    }

    private static TimeSeriesChart Single(TimeSeriesPanel panel) => new() { Title = "t", XLabel = "time (s)", Panels = [panel] };

    private static List<(double X, double Y)> Points(XElement polyline) =>
    [
        .. ((string)polyline.Attribute("points")!)
            .Split(' ')
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture))),
    ];
}
