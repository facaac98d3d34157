using Microsoft.Extensions.Configuration;
using Sluice.Operator.Configuration;

namespace Sluice.Operator.Tests.Configuration;

public class OperatorConfigTests
{
    private static OperatorConfig Bind(string json, params (string Key, string Value)[] env)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(path)
                .AddInMemoryCollection(env.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)))
                .Build();
            return OperatorConfig.From(configuration);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Binds_the_chart_rendered_json_with_a_custom_gpu_catalog()
    {
        var config = Bind("""
            {"Sluice": {"EngineImage": "r/e:1", "Namespaces": ["a", "b"], "Workers": 4,
              "LeaderElection": {"Enabled": false, "LeaseName": "x"},
              "GpuCatalog": [{"name": "acme-x1", "resourceName": "acme.com/gpu", "memoryGiB": 24,
                              "nodeSelector": {"acme.com/model": "x1"}, "tolerations": [{"key": "acme.com/gpu", "operator": "Exists"}]}]}}
            """);

        config.EngineImage.Should().Be("r/e:1");
        config.Namespaces.Should().Equal("a", "b");
        config.Workers.Should().Be(4);
        config.LeaderElection.Enabled.Should().BeFalse();
        var catalog = config.BuildCatalog();
        catalog.Names.Should().Equal("acme-x1");
        catalog.TryFind("acme-x1", out var gpu).Should().BeTrue();
        gpu!.ResourceName.Should().Be("acme.com/gpu");
        gpu.NodeSelector.Should().Contain("acme.com/model", "x1");
        gpu.Tolerations!.Single().Key.Should().Be("acme.com/gpu");
    }

    [Fact]
    public void Defaults_watch_all_namespaces_with_leader_election_and_the_builtin_catalog()
    {
        var config = Bind("{}");

        config.Namespaces.Should().BeEmpty();
        config.LeaderElection.Enabled.Should().BeTrue();
        config.BuildCatalog().Names.Should().Contain("nvidia-h100-80gb");
    }

    [Fact]
    public void Environment_overrides_the_file()
    {
        Bind("""{"Sluice": {"EngineImage": "file"}}""", ("Sluice:EngineImage", "env")).EngineImage.Should().Be("env");
    }

    [Fact]
    public void A_bad_catalog_entry_is_a_clear_error()
    {
        var config = Bind("""{"Sluice": {"GpuCatalog": [{"name": "x", "memoryGiB": 0}]}}""");

        var build = config.BuildCatalog;
        build.Should().Throw<ArgumentException>().WithMessage("*'x'*memoryGiB*");
    }

    [Theory]
    [InlineData("{}", 5.0, 15.0, 30.0)]
    [InlineData("""{"Sluice": {"SloPeriodSeconds": 1.5, "SloCooldownSeconds": 4, "SloScaleDownStepSeconds": 2}}""", 1.5, 4.0, 2.0)]
    public void Slo_pace_binds_with_defaults(string json, double periodSeconds, double cooldownSeconds, double scaleDownStepSeconds)
    {
        var config = Bind(json);

        config.SloPeriod().Should().Be(TimeSpan.FromSeconds(periodSeconds));
        config.SloCooldown().Should().Be(TimeSpan.FromSeconds(cooldownSeconds));
        config.SloScaleDownStepInterval().Should().Be(TimeSpan.FromSeconds(scaleDownStepSeconds));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(3601.0)]
    public void A_scale_down_step_out_of_range_is_refused_naming_the_setting(double seconds)
    {
        var config = new OperatorConfig { SloScaleDownStepSeconds = seconds };

        var act = () => config.SloScaleDownStepInterval();

        act.Should().Throw<ArgumentException>().WithMessage("*Sluice:SloScaleDownStepSeconds*");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(7200.0)]
    public void A_slo_period_out_of_range_is_refused_naming_the_setting(double seconds)
    {
        var config = new OperatorConfig { SloPeriodSeconds = seconds };

        var act = () => config.SloPeriod();

        act.Should().Throw<ArgumentException>().WithMessage("*Sluice:SloPeriodSeconds*");
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(45.0, 45.0)]
    [InlineData(-1.0, null)]
    [InlineData(601.0, null)]
    public void Profiling_seconds_may_be_zero_to_turn_profiling_off_and_are_bounded(double seconds, double? expected)
    {
        var config = new OperatorConfig { SloProfilingSeconds = seconds };

        if (expected is { } ok)
        {
            config.SloProfilingBudget().Should().Be(TimeSpan.FromSeconds(ok));
        }
        else
        {
            ((Action)(() => config.SloProfilingBudget())).Should().Throw<ArgumentException>().WithMessage("*Sluice:SloProfilingSeconds*");
        }
    }
}
