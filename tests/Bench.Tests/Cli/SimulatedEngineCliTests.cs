using System.Globalization;
using System.Xml.Linq;
using Sluice.Bench.Cli;
using Sluice.Bench.Results;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Cli;

/// <summary>
/// The seed experiments in miniature, through the real command line, against the fake server playing
/// an engine with batch limit 8 whose decode step costs a base time plus a time per active sequence.
/// With $SLUICE_BENCH_DOCS_DIR set, the larger docs-sized experiment runs instead and its JSON and
/// charts stay in that folder (that is how docs/img was made); otherwise a temp folder is used.
/// </summary>
public sealed class SimulatedEngineCliTests : IAsyncLifetime
{
    private const int BatchLimit = 8;

    private static readonly string? DocsDirectory = Environment.GetEnvironmentVariable("SLUICE_BENCH_DOCS_DIR");

    // CI size: the seed study's shape (8 ms + 2.5 ms per sequence), 16 requests a point.
    private static readonly SimulatedExperiment Ci = new(0.02, 0.008, 0.0025, "--input-len 64 --output-len 8 --slo-ttft 100ms --slo-tpot 20ms",
        [1, 2, 4, 8, 16], "-n 16", [10, 20, 40, 80], "-n 16 --arrival Constant");

    // Docs size: slower steps so that scheduling jitter on a busy machine matters less.
    private static readonly SimulatedExperiment Docs = new(0.05, 0.020, 0.005, "--input-len 128 --output-len 32 --slo-ttft 1s --slo-tpot 50ms --seed 1",
        [1, 2, 4, 6, 8, 12, 16], "-n 48", [0.5, 1, 2, 3, 4, 5], "--duration 20s");

    private readonly SimulatedExperiment _experiment = DocsDirectory is null ? Ci : Docs;
    private readonly string _directory = DocsDirectory ?? Path.Combine(Path.GetTempPath(), $"sluice-bench-{Guid.NewGuid():N}");
    private FakeOpenAiServer? _server;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync(
        _ => new FakeResponse
        {
            FirstTokenSeconds = _experiment.FirstTokenSeconds,
            InterTokenSecondsAtLoad = active => _experiment.DecodeBaseSeconds + (_experiment.DecodePerSequenceSeconds * active),
        },
        maxActiveStreams: BatchLimit);

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        if (DocsDirectory is null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Batch_sweep_then_rate_sweep_then_compare_and_plot()
    {
        var common = $"--base-url {_server!.BaseUrl} --model simulated-batch8 {_experiment.CommonArgs}";
        var batchJson = Path.Combine(_directory, "batch-sweep.json");
        var rateJson = Path.Combine(_directory, "rate-sweep.json");

        (await Cli($"sweep {common} --concurrency {List(_experiment.Concurrency)} {_experiment.BatchStopArgs} --output {batchJson}")).Should().Be(0);
        (await Cli($"sweep {common} --request-rates {List(_experiment.Rates)} {_experiment.RateStopArgs} --output {rateJson}")).Should().Be(0);

        var batch = ResultsJson.Read(batchJson);
        batch.Runs.Select(r => (double)r.Spec.Users).Should().Equal(_experiment.Concurrency);
        batch.Runs.Should().AllSatisfy(r => r.Summary.FailedRequests.Should().Be(0));
        var one = batch.Runs[0].Summary;
        var full = batch.Runs.Single(r => r.Spec.Users == BatchLimit).Summary;
        var over = batch.Runs[^1].Summary;
        full.OutputTokenThroughputPerSecond.Should().BeGreaterThan(2 * one.OutputTokenThroughputPerSecond, "8 users batch together");
        full.Tpot.P50.Should().BeGreaterThan(one.Tpot.P50!.Value, "bigger batches decode slower");
        over.Ttft.P95.Should().BeGreaterThan(full.Ttft.P95!.Value, "beyond the batch limit requests queue");
        batch.Runs[0].Requests.Should().BeNull("requests are left out unless asked for");

        var rates = ResultsJson.Read(rateJson);
        rates.Axis.Should().Be(SweepAxis.RequestRate);
        rates.Runs.Select(r => r.Spec.RequestRatePerSecond).Should().Equal(_experiment.Rates.Select(r => (double?)r));

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

    private static string List(IEnumerable<double> values) => string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
