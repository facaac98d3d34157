using Sluice.Contracts.Metrics;
using Sluice.Controllers.Desired;

namespace Sluice.Controllers.Tests.Metrics;

/// <summary>The shared metric definitions hold the wire contract's invariants, and the chart's engine monitor selects what the operator creates.</summary>
public class MetricContractTests
{
    [Fact]
    public void Names_are_unique_and_prefixed_and_counters_end_in_total()
    {
        var all = EngineMetricDefinitions.All.Concat(OperatorMetricDefinitions.All).ToList();
        all.Select(m => m.Name).Should().OnlyHaveUniqueItems().And.OnlyContain(n => n.StartsWith("sluice_", StringComparison.Ordinal));
        all.Where(m => m.Kind == MetricKind.Counter).Should().OnlyContain(m => m.Name.EndsWith("_total", StringComparison.Ordinal));
        all.Where(m => m.Kind != MetricKind.Counter).Should().OnlyContain(m => !m.Name.EndsWith("_total", StringComparison.Ordinal));
        all.Should().OnlyContain(m => m.Help.Length > 0 && !m.Help.Contains('\n', StringComparison.Ordinal));
        FluentActions.Invoking(() => MetricDefinition.Counter("sluice_requests", "no suffix")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Histograms_have_ascending_buckets_fine_enough_for_slo_percentiles()
    {
        foreach (var histogram in EngineMetricDefinitions.All.Concat(OperatorMetricDefinitions.All).Where(m => m.Kind == MetricKind.Histogram))
        {
            histogram.Buckets.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems().And.OnlyContain(b => b > 0 && double.IsFinite(b), histogram.Name);
        }

        EngineMetricDefinitions.TimeToFirstTokenSeconds.Buckets.Should().HaveCountGreaterThanOrEqualTo(20).And.StartWith(0.005).And.EndWith(60);
        EngineMetricDefinitions.TimePerOutputTokenSeconds.Buckets.Should().HaveCountGreaterThanOrEqualTo(20).And.StartWith(0.001).And.EndWith(1);
        EngineMetricDefinitions.All.Where(m => m.Kind != MetricKind.Histogram).Should().OnlyContain(m => m.Buckets.Count == 0);
    }

    [Fact]
    public void Labels_and_outcomes_are_the_wire_names()
    {
        EngineMetricDefinitions.RequestsTotal.LabelNames.Should().Equal("outcome");
        RequestOutcomes.All.Should().Equal("finished", "aborted", "rejected_rate", "rejected_invalid", "error");
        EngineMetricDefinitions.ModelInfo.LabelNames.Should().BeEquivalentTo("model", "quantization", "kv_cache_dtype");
        OperatorMetricDefinitions.ReconcileTotal.LabelNames.Should().Equal("result");
        ReconcileResults.All.Should().Equal("success", "degraded", "conflict", "error");
    }

    [Fact]
    public void The_charts_engine_monitor_selects_the_labels_and_ports_the_operator_puts_on_engines()
    {
        var template = File.ReadAllText(Path.Combine(RepoRoot(), "charts", "sluice", "templates", "engine-monitor.yaml"));
        var engine = ChildLabels.All("x");

        template.Should().Contain($"{ChildLabels.Name}: {engine[ChildLabels.Name]}")
            .And.Contain($"{ChildLabels.ManagedBy}: {engine[ChildLabels.ManagedBy]}")
            .And.Contain($"- {ChildLabels.Owner}")
            .And.Contain($"- port: {ServiceBuilder.MetricsPortName}")
            .And.Contain($"- port: {ServiceBuilder.ApiPortName}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Operator.sln above {AppContext.BaseDirectory}");
    }
}
