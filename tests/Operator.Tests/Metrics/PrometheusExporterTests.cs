using System.Diagnostics.Metrics;
using Sluice.Operator.Metrics;

namespace Sluice.Operator.Tests.Metrics;

public class PrometheusExporterTests
{
    [Fact]
    public void Renders_counters_histograms_and_gauges_in_prometheus_text()
    {
        var meterName = "Test.Exporter." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        using var exporter = new PrometheusExporter(meterName);
        var counter = meter.CreateCounter<long>("things_total", description: "things done");
        var histogram = meter.CreateHistogram<double>("op_duration_seconds");
        var depth = 7;
        meter.CreateObservableGauge("queue_depth", () => depth);

        counter.Add(2, new KeyValuePair<string, object?>("result", "success"));
        counter.Add(1, new KeyValuePair<string, object?>("result", "success"));
        counter.Add(1, new KeyValuePair<string, object?>("result", "error"));
        histogram.Record(0.003);
        histogram.Record(0.2);

        var text = exporter.Render();

        text.Should().Contain("# TYPE things_total counter\n")
            .And.Contain("things_total{result=\"success\"} 3\n")
            .And.Contain("things_total{result=\"error\"} 1\n")
            .And.Contain("# TYPE op_duration_seconds histogram\n")
            .And.Contain("op_duration_seconds_bucket{le=\"0.0025\"} 0\n")
            .And.Contain("op_duration_seconds_bucket{le=\"0.005\"} 1\n")
            .And.Contain("op_duration_seconds_bucket{le=\"0.25\"} 2\n")
            .And.Contain("op_duration_seconds_bucket{le=\"+Inf\"} 2\n")
            .And.Contain("op_duration_seconds_count 2\n")
            .And.Contain("queue_depth 7\n");
    }

    [Fact]
    public void Ignores_meters_it_was_not_asked_for()
    {
        var meterName = "Test.Other." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        using var exporter = new PrometheusExporter("Test.Not." + Guid.NewGuid().ToString("N"));
        meter.CreateCounter<long>("ignored_total").Add(1);

        exporter.Render().Should().NotContain("ignored_total");
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("with \"quotes\"", "with \\\"quotes\\\"")]
    [InlineData("back\\slash", "back\\\\slash")]
    public void Escapes_label_values(string value, string escaped)
    {
        var meterName = "Test.Escape." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        using var exporter = new PrometheusExporter(meterName);
        meter.CreateCounter<long>("escaped_total").Add(1, new KeyValuePair<string, object?>("v", value));

        exporter.Render().Should().Contain($"escaped_total{{v=\"{escaped}\"}} 1\n");
    }
}
