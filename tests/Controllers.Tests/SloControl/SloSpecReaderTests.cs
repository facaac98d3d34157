using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.SloControl;

public class SloSpecReaderTests
{
    private static readonly SloControlOptions Options = new();

    [Theory]
    [InlineData("500ms", "20ms", 95.0, 0.5, 0.02, 95.0)]
    [InlineData("1.5s", "1ms", 99.0, 1.5, 0.001, 99.0)]
    [InlineData(null, "20ms", null, double.PositiveInfinity, 0.02, 95.0)]
    [InlineData("fast", null, 50.0, double.PositiveInfinity, double.PositiveInfinity, 50.0)]
    public void Targets_come_from_spec_slo_and_an_absent_limit_never_breaches(string? ttft, string? tpot, double? percentile, double ttftSeconds, double tpotSeconds, double expectedPercentile)
    {
        var targets = SloSpecReader.Targets(new SloSpec { Ttft = ttft, Tpot = tpot, Percentile = percentile });

        targets.Should().Be(new SloTargets(ttftSeconds, tpotSeconds, expectedPercentile));
    }

    [Theory]
    [InlineData(null, null, 1, 256, 0.25, null)]
    [InlineData("auto", "auto", 1, 256, 0.25, null)]
    [InlineData("8", null, 8, 8, 0.25, null)]
    [InlineData("auto", "6.5", 1, 256, 6.5, 6.5)]
    [InlineData("0", "0", 1, 1, 0.25, null)]
    public void Auto_gives_a_range_and_a_number_fixes_the_lever(string? batch, string? rate, int minBatch, int maxBatch, double minRate, double? maxRate)
    {
        var bounds = SloSpecReader.Bounds(new EngineSpec { MaxBatchSize = batch, MaxRequestRate = rate }, Options);

        bounds.Should().Be(new LeverBounds(minBatch, maxBatch, minRate, maxRate));
    }

    [Theory]
    [InlineData(null, null, null, null, 1, 1, 300.0, false)]
    [InlineData(2, 6, "90s", true, 2, 6, 90.0, true)]
    [InlineData(3, 1, "nonsense", null, 3, 3, 300.0, false)]
    public void Scaling_settings_default_max_to_min_and_read_the_delay(int? min, int? max, string? delay, bool? paused, int expectedMin, int expectedMax, double delaySeconds, bool expectedPaused)
    {
        var settings = SloSpecReader.Scaling(new ScalingSpec { MinReplicas = min, MaxReplicas = max, ScaleDownDelay = delay, Paused = paused }, Options);

        settings.Should().Be(new ScalingSettings(expectedMin, expectedMax, 0.8, TimeSpan.FromSeconds(delaySeconds), TimeSpan.FromSeconds(30), expectedPaused));
    }

    [Fact]
    public void Start_point_prefers_fixed_spec_values_then_memory_then_status_then_engine_defaults()
    {
        var auto = new LLMDeploymentSpec { Engine = new EngineSpec { MaxBatchSize = "auto", MaxRequestRate = "auto" } };
        var fixedBoth = new LLMDeploymentSpec { Engine = new EngineSpec { MaxBatchSize = "12", MaxRequestRate = "3" } };
        var fixedRate = new LLMDeploymentSpec { Engine = new EngineSpec { MaxRequestRate = "3" } };
        var tuning = new TuningStatus { MaxBatchSize = 6, MaxRequestRate = 2.5 };

        SloSpecReader.StartPoint(new TuningPoint(4, 1), auto, tuning, Options).Should().Be(new TuningPoint(4, 1));
        SloSpecReader.StartPoint(new TuningPoint(4, null), auto, tuning, Options).Should().Be(new TuningPoint(4, null));
        SloSpecReader.StartPoint(null, auto, tuning, Options).Should().Be(new TuningPoint(6, 2.5));
        SloSpecReader.StartPoint(new TuningPoint(4, 1), fixedBoth, tuning, Options).Should().Be(new TuningPoint(12, 3));
        SloSpecReader.StartPoint(null, fixedRate, new TuningStatus { MaxBatchSize = 6 }, Options).Should().Be(new TuningPoint(6, 3));
        SloSpecReader.StartPoint(null, new LLMDeploymentSpec(), null, Options).Should().Be(new TuningPoint(32, null));
    }
}
