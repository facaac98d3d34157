using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Tests.Metrics;

public class PrometheusTextParserTests
{
    [Fact]
    public void Parses_names_labels_escapes_and_special_values()
    {
        const string text = """
            # HELP sluice_requests_total Requests by outcome.
            # TYPE sluice_requests_total counter
            sluice_requests_total{outcome="finished"} 12
            sluice_requests_total{outcome="rejected_rate",model="a \"b\""} 3 1700000000000
            sluice_ttft_bucket{le="+Inf"} 15
            sluice_kv_cache_usage_ratio 0.25
            sluice_weird NaN
            """;

        var samples = PrometheusTextParser.Parse(text);

        samples.Should().HaveCount(5);
        samples[0].Label("outcome").Should().Be("finished");
        samples[0].Value.Should().Be(12);
        samples[1].Label("model").Should().Be("a \"b\"");
        samples[2].Label("le").Should().Be("+Inf");
        samples[3].Value.Should().Be(0.25);
        double.IsNaN(samples[4].Value).Should().BeTrue();
    }

    [Theory]
    [InlineData("metric{le=\"1\" 3")]
    [InlineData("metric abc")]
    [InlineData("{le=\"1\"} 3")]
    public void Malformed_lines_throw_with_the_line_number(string line)
    {
        var act = () => PrometheusTextParser.Parse("ok 1\n" + line);
        act.Should().Throw<FormatException>().WithMessage("*line 2*");
    }
}
