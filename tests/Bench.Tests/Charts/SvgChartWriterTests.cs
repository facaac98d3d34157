using System.Globalization;
using System.Xml.Linq;
using Sluice.Bench.Charts;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Charts;

public class SvgChartWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Output_is_well_formed_svg_with_every_series_and_the_slo_line()
    {
        var chart = new ChartDefinition
        {
            Title = "TTFT p95 vs request rate & <load>",
            XLabel = "request rate (req/s)",
            YLabel = "TTFT p95 (ms)",
            Series =
            [
                new ChartSeries("engine a", [new(4, 300), new(1, 100), new(2, 150)]),
                new ChartSeries("engine b", [new(1, 120), new(4, 900)]),
            ],
            ReferenceY = 500,
            ReferenceLabel = "TTFT SLO 500 ms",
        };

        var document = XDocument.Parse(SvgChartWriter.Render(chart));

        document.Root!.Name.Should().Be(Svg + "svg");
        document.Root.Element(Svg + "title")!.Value.Should().Be("TTFT p95 vs request rate & <load>");
        var series = document.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        series.Select(g => (string?)g.Attribute("data-series")).Should().Equal("engine a", "engine b");
        series[0].Elements(Svg + "circle").Should().HaveCount(3);
        var xs = Points(series[0]).Select(p => p.X).ToList();
        xs.Should().BeInAscendingOrder("points are drawn in x order");
        var slo = document.Descendants(Svg + "line").Single(l => (string?)l.Attribute("class") == "slo");
        var sloY = double.Parse((string)slo.Attribute("y1")!, CultureInfo.InvariantCulture);
        var yOf300 = Points(series[0]).Last().Y; // the point (4, 300)
        var yOf900 = Points(series[1]).Last().Y; // the point (4, 900)
        sloY.Should().BeLessThan(yOf300).And.BeGreaterThan(yOf900, "500 ms lies between 300 and 900 ms (SVG y grows downward)");
        document.Descendants(Svg + "text").Should().Contain(t => t.Value == "TTFT SLO 500 ms");
    }

    [Fact]
    public void Empty_series_and_no_reference_still_render()
    {
        var chart = new ChartDefinition { Title = "t", XLabel = "x", YLabel = "y", Series = [new ChartSeries("none", [])] };

        var document = XDocument.Parse(SvgChartWriter.Render(chart));

        document.Descendants(Svg + "line").Should().NotContain(l => (string?)l.Attribute("class") == "slo");
        document.Descendants(Svg + "circle").Should().BeEmpty();
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.2)]
    [InlineData(7.3, 8.0, 2.0)]
    [InlineData(960.0, 1000.0, 200.0)]
    [InlineData(0.042, 0.05, 0.01)]
    public void Axes_end_on_nice_numbers(double dataMax, double expectedMax, double expectedStep)
    {
        var scale = AxisScale.Covering(dataMax);

        scale.Max.Should().BeApproximately(expectedMax, 1e-12);
        scale.Step.Should().BeApproximately(expectedStep, 1e-12);
    }

    [Fact]
    public void Sweep_charts_plot_throughput_ttft_and_tpot_against_concurrency_with_slo_lines()
    {
        var sweep = SampleResults.ConcurrencySweep([1, 2, 4, 8], new SloSpec { TtftSeconds = 0.5, TpotSeconds = 0.02 });

        var charts = SweepCharts.Build([new LabeledResults("fake", sweep)]);

        charts.Select(c => c.FileName).Should().Equal("throughput-vs-concurrency.svg", "ttft-p95-vs-concurrency.svg", "tpot-p95-vs-concurrency.svg");
        charts[0].Chart.Series.Single().Points.Select(p => p.X).Should().Equal(1, 2, 4, 8);
        // Two requests of 100 tokens back to back, each 1 + 0.1·u s long.
        charts[0].Chart.Series.Single().Points[0].Y.Should().BeApproximately(200 / 2.2, 1e-9);
        charts[0].Chart.ReferenceY.Should().BeNull();
        charts[1].Chart.ReferenceY.Should().Be(500);
        charts[1].Chart.Series.Single().Points.Select(p => p.Y).Should().Equal(new[] { 100.0, 200, 400, 800 }, (a, b) => Math.Abs(a - b) < 1e-9);
        charts[2].Chart.ReferenceY.Should().Be(20);
        foreach (var chart in charts)
        {
            XDocument.Parse(SvgChartWriter.Render(chart.Chart)).Root!.Name.LocalName.Should().Be("svg");
        }
    }

    [Fact]
    public void Files_with_different_axes_are_rejected()
    {
        var concurrency = SampleResults.ConcurrencySweep([1, 2]);
        var rate = concurrency with { Axis = Sluice.Bench.Results.SweepAxis.RequestRate };

        var build = () => SweepCharts.Build([new LabeledResults("a", concurrency), new LabeledResults("b", rate)]);

        build.Should().Throw<ArgumentException>().WithMessage("*different variables*");
    }

    private static List<(double X, double Y)> Points(XElement series) =>
    [
        .. ((string)series.Element(Svg + "polyline")!.Attribute("points")!)
            .Split(' ')
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture))),
    ];
}
