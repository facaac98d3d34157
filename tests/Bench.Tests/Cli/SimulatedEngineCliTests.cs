using System.Xml.Linq;
using Sluice.Bench.Cli;
using Sluice.Bench.Results;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Cli;

/// <summary>
/// The seed experiments in miniature, through the real command line, against the fake server playing
/// an engine with batch limit 8 whose decode step costs 8 ms + 2.5 ms per active sequence (the
/// seed study's shape). The charts
/// are written to $SLUICE_BENCH_DOCS_DIR when set (that is how docs/img was made), else to a temp folder.
/// </summary>
public sealed class SimulatedEngineCliTests : IAsyncLifetime
{
    private const int BatchLimit = 8;
    private readonly string _directory = Environment.GetEnvironmentVariable("SLUICE_BENCH_DOCS_DIR")
        ?? Path.Combine(Path.GetTempPath(), $"sluice-bench-{Guid.NewGuid():N}");
    private FakeOpenAiServer? _server;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync(
        _ => new FakeResponse { FirstTokenSeconds = 0.02, InterTokenSecondsAtLoad = active => 0.008 + (0.0025 * active) },
        maxActiveStreams: BatchLimit);

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        if (Environment.GetEnvironmentVariable("SLUICE_BENCH_DOCS_DIR") is null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Batch_sweep_then_rate_sweep_then_compare_and_plot()
    {
        var common = $"--base-url {_server!.BaseUrl} --model simulated --input-len 64 --output-len 8 --slo-ttft 100ms --slo-tpot 20ms";
        var batchJson = Path.Combine(_directory, "batch-sweep.json");
        var rateJson = Path.Combine(_directory, "rate-sweep.json");

        (await Cli($"sweep {common} --concurrency 1,2,4,8,16 -n 16 --output {batchJson}")).Should().Be(0);
        (await Cli($"sweep {common} --request-rates 10,20,40,80 --arrival Constant -n 16 --output {rateJson}")).Should().Be(0);

        var batch = ResultsJson.Read(batchJson);
        batch.Runs.Should().HaveCount(5).And.AllSatisfy(r => r.Summary.FailedRequests.Should().Be(0));
        var throughput = batch.Runs.Select(r => r.Summary.OutputTokenThroughputPerSecond).ToList();
        throughput[3].Should().BeGreaterThan(2 * throughput[0], "8 users batch together");
        batch.Runs[3].Summary.Tpot.P50.Should().BeGreaterThan(batch.Runs[0].Summary.Tpot.P50!.Value, "bigger batches decode slower");
        batch.Runs[4].Summary.Ttft.P95.Should().BeGreaterThan(batch.Runs[3].Summary.Ttft.P95!.Value, "beyond the batch limit requests queue");
        batch.Runs[0].Requests.Should().BeNull("requests are left out unless asked for");

        var rates = ResultsJson.Read(rateJson);
        rates.Axis.Should().Be(SweepAxis.RequestRate);
        rates.Runs.Select(r => r.Spec.RequestRatePerSecond).Should().Equal(10, 20, 40, 80);

        foreach (var name in new[] { "throughput-vs-concurrency.svg", "tpot-p95-vs-concurrency.svg", "ttft-p95-vs-rate.svg" })
        {
            var svg = XDocument.Load(Path.Combine(_directory, name));
            svg.Descendants().Count(e => e.Name.LocalName == "circle").Should().BeGreaterThanOrEqualTo(4, name);
        }

        XDocument.Load(Path.Combine(_directory, "ttft-p95-vs-rate.svg")).Descendants()
            .Should().Contain(e => e.Name.LocalName == "line" && (string?)e.Attribute("class") == "slo");
        (await Cli($"compare {batchJson} {batchJson}")).Should().Be(0);
        (await Cli($"plot {batchJson} --out-dir {Path.Combine(_directory, "replot")}")).Should().Be(0);
        File.Exists(Path.Combine(_directory, "replot", "throughput-vs-concurrency.svg")).Should().BeTrue();
    }

    [Fact]
    public async Task Bad_input_exits_2_and_a_failed_run_exits_1()
    {
        (await Cli($"compare {Path.Combine(_directory, "missing.json")} x.json")).Should().Be(CliErrors.UsageExitCode);
        (await Cli("sweep --model m --concurrency 1,x")).Should().Be(CliErrors.UsageExitCode);
        (await Cli("run --model m --base-url http://127.0.0.1:1 -n 1")).Should().Be(1);
    }

    private static Task<int> Cli(string args) => BenchCli.Create().Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)).InvokeAsync();
}
