using Sluice.Controllers.Metrics;
using Sluice.Controllers.Runtimes;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>The metrics mapping of each runtime, on exposition recorded per runtime version (fixtures/runtimes), behind the proxy's lines.</summary>
public sealed class RuntimeSnapshotReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, double, double, double, double, double, double> Pages => new()
    {
        // runtime, fixture, TTFT count, TPOT count, running, waiting, KV usage, output tokens
        { EngineRuntimes.Vllm, "vllm-0.11.0.prom", 200, 200, 12, 3, 0.42, 25600 },
        { EngineRuntimes.Sglang, "sglang-0.5.4.prom", 160, 20320, 8, 2, 0.31, 20480 },
        { EngineRuntimes.Tgi, "tgi-3.3.6.prom", 118, 118, 16, 4, 0, 17700 },
        { EngineRuntimes.Lmdeploy, "lmdeploy-0.10.2.prom", 90, 90, 6, 1, 0.25, 9000 },
        // TensorRT-LLM 1.1 exports no running/waiting/KV gauges and no token counter: the proxy's 14 in flight (below the limit of 16) run.
        { EngineRuntimes.Trtllm, "trtllm-1.1.0.prom", 64, 64, 14, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Each_runtimes_page_maps_onto_the_snapshot(string runtime, string fixture, double ttftCount, double tpotCount, double running, double waiting, double kv, double tokens)
    {
        var names = EngineRuntimeCatalog.Find(runtime)!.Metrics!;
        // TGI exports no TTFT: the proxy's streamed TTFT stands in (118 requests, 100 under 0.25 s).
        var proxy = ProxyPage.Text(16, 4.5, 200, 7, 14, runtime == EngineRuntimes.Tgi ? (100, 18, 0.25) : null);

        var snapshot = RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(proxy + ProxyPage.Fixture(fixture)), names, T0);

        snapshot.Ttft.Count.Should().Be(ttftCount);
        snapshot.Tpot.Count.Should().Be(tpotCount);
        snapshot.Ttft.Quantile(0.5).Should().BeGreaterThan(0).And.BeLessThan(0.5);
        (snapshot.RequestsRunning, snapshot.RequestsWaiting).Should().Be((running, waiting));
        snapshot.KvCacheUsageRatio.Should().BeApproximately(kv, 1e-9);
        snapshot.GenerationTokensTotal.Should().Be(tokens);
        snapshot.RequestsByOutcome.Should().Contain("finished", 200).And.Contain("rejected_rate", 7);
        (snapshot.ConfigMaxBatchSize, snapshot.ConfigMaxRequestRate).Should().Be((16, 4.5));
    }

    [Fact]
    public void Vllm_0_11_per_request_tpot_is_preferred_over_the_per_step_gap()
    {
        var snapshot = Read(EngineRuntimes.Vllm, "vllm-0.11.0.prom");

        snapshot.Tpot.Count.Should().Be(200, "vllm:request_time_per_output_token_seconds counts requests, inter_token_latency counts tokens");
        snapshot.Tpot.Quantile(0.95)!.Value.Should().BeInRange(0.025, 0.05);
    }

    [Fact]
    public void Label_sets_of_one_family_are_summed()
    {
        var twoEngines = ProxyPage.Fixture("vllm-0.11.0.prom") + ProxyPage.Fixture("vllm-0.11.0.prom").Replace("engine=\"0\"", "engine=\"1\"", StringComparison.Ordinal);

        var snapshot = RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(ProxyPage.Text(8, null, 400, 0, 1) + twoEngines), new VllmRuntime().Metrics!, T0);

        snapshot.Ttft.Count.Should().Be(400);
        snapshot.RequestsRunning.Should().Be(24);
        snapshot.KvCacheUsageRatio.Should().BeApproximately(0.42, 1e-9, "KV usage is a share: averaged, not summed");
        snapshot.ConfigMaxRequestRate.Should().BeNull("0 means unlimited");
    }

    [Fact]
    public void Without_runtime_gauges_the_proxys_in_flight_count_stands_in()
    {
        var names = new VllmRuntime().Metrics! with { RunningGauges = [], WaitingGauges = [] };

        var snapshot = RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(ProxyPage.Text(8, null, 200, 0, 11) + ProxyPage.Fixture("vllm-0.11.0.prom")), names, T0);

        (snapshot.RequestsRunning, snapshot.RequestsWaiting).Should().Be((8, 3), "of 11 in flight, a batch limit of 8 run and the rest wait");
    }

    [Fact]
    public void A_page_without_the_runtimes_metrics_is_refused_naming_them()
    {
        var act = () => RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(ProxyPage.Text(8, null, 0, 0, 0) + "# the runtime's /metrics did not answer\n"), new SglangRuntime().Metrics!, T0);

        act.Should().Throw<FormatException>().WithMessage("*no sglang:* metric*");
    }

    [Fact]
    public void A_page_without_the_proxys_metrics_is_refused()
    {
        var act = () => RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(ProxyPage.Fixture("vllm-0.11.0.prom")), new VllmRuntime().Metrics!, T0);

        act.Should().Throw<FormatException>().WithMessage("*sluice_config_max_batch_size*admission proxy*");
    }

    [Fact]
    public void Finished_requests_without_latency_histograms_are_refused_but_an_idle_runtime_is_not()
    {
        var gauges = "vllm:num_requests_running{engine=\"0\"} 0\n";
        var names = new VllmRuntime().Metrics!;

        RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(ProxyPage.Text(8, null, 0, 0, 0) + gauges), names, T0).Ttft.Count.Should().Be(0);
        var act = () => RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(ProxyPage.Text(8, null, 5, 0, 0) + gauges), names, T0);
        act.Should().Throw<FormatException>().WithMessage("5 requests finished but*vllm:time_to_first_token_seconds*");
    }

    [Fact]
    public void A_histogram_without_an_inf_bucket_is_malformed()
    {
        var page = ProxyPage.Text(8, null, 1, 0, 0) + "vllm:time_to_first_token_seconds_bucket{le=\"0.1\"} 1\n";

        var act = () => RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(page), new VllmRuntime().Metrics!, T0);

        act.Should().Throw<FormatException>().WithMessage("*+Inf*");
    }

    private static EngineMetricsSnapshot Read(string runtime, string fixture) =>
        RuntimeSnapshotReader.Read(PrometheusTextParser.Parse(ProxyPage.Text(8, null, 200, 0, 1) + ProxyPage.Fixture(fixture)), EngineRuntimeCatalog.Find(runtime)!.Metrics!, T0);
}
