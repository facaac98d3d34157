using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Model;

public sealed class LoadProgressTests
{
    [Fact]
    public void Lines_come_at_most_once_per_interval_with_share_rate_and_eta()
    {
        var clock = new ManualClock();
        var log = new StringWriter();
        var progress = new LoadProgress(8_000_000_000, log, clock, TimeSpan.FromSeconds(3), () => 3L << 30);

        clock.Advance(1);
        progress.Advance(1_000_000_000, 2_000_000_000);
        log.ToString().Should().BeEmpty("the interval has not passed");
        clock.Advance(3);
        progress.Advance(1_000_000_000, 2_000_000_000);
        clock.Advance(1);
        progress.Advance(2_000_000_000, 4_000_000_000);
        clock.Advance(4);
        progress.Advance(4_000_000_000, 8_000_000_000);
        progress.Finish();

        log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "info: loading weights: 25.0% of 8.00 B parameters, 4.00 GB resident, 1.00 GB/s, ETA 12 s",
            "info: loading weights: 100.0% of 8.00 B parameters, 16.00 GB resident, 1.78 GB/s, ETA 0 s",
            "info: weights loaded: 8.00 B parameters, 16.00 GB in 9.0 s (1.78 GB/s), peak host RSS 3.00 GiB");
    }

    [Fact]
    public void Small_models_are_counted_in_millions_and_megabytes()
    {
        var log = new StringWriter();
        var progress = new LoadProgress(900_000, log, new ManualClock(), peakResidentBytes: () => null);

        progress.Advance(900_000, 1_800_000);
        progress.Finish();

        log.ToString().Should().StartWith("info: weights loaded: 0.90 M parameters, 1.8 MB in 0.0 s").And.Contain("peak host RSS unknown");
    }

    [Fact]
    public void A_cpu_load_with_a_log_reports_every_parameter_of_the_layout()
    {
        var log = new StringWriter();

        using var runner = CpuModelRunner.Load("dummy://tiny", new CpuRunnerOptions { LoadLog = log });

        var parameters = Sluice.Engine.Model.Weights.WeightLayout.For(runner.Config).ParameterCount;
        log.ToString().Should().StartWith($"info: weights loaded: {parameters / 1e6:0.00} M parameters, ");
        parameters.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Status_fields_are_read_in_bytes()
    {
        const string status = "Name:\tsluice-engine\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100 kB\n";

        ProcessMemory.StatusBytes(status, "VmHWM").Should().Be(123456L * 1024);
        ProcessMemory.StatusBytes(status, "VmSwap").Should().BeNull();
        ProcessMemory.StatusBytes("VmHWM:\tlots\n", "VmHWM").Should().BeNull();
    }

    [Fact]
    public void Peak_rss_of_this_process_is_positive_on_linux()
    {
        if (OperatingSystem.IsLinux())
        {
            ProcessMemory.PeakResidentBytes().Should().BePositive();
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(double seconds) => _ticks += TimeSpan.FromSeconds(seconds).Ticks;
    }
}
