using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Metrics;
using Sluice.Controllers.Runtimes;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// The fake runtime pod speaks each runtime's recorded exposition (no invented families, labels or buckets) with values
/// that follow its queueing model, and the operator's scraper reads it as it would read the runtime behind the proxy.
/// </summary>
public sealed class FakeRuntimePodTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(RuntimeDialect.Names), MemberType = typeof(RuntimeDialect))]
    public async Task The_fake_writes_the_recorded_page_of_each_runtime_with_the_models_values(string runtime)
    {
        var dialect = RuntimeDialect.For(runtime);
        await using var pod = await StartAsync(dialect, batch: 32);
        pod.Advance(20);

        var page = pod.RuntimeText();

        Keys(page).Should().BeEquivalentTo(Keys(dialect.Recorded()), "every name, label set and bucket bound is the recorded one");
        Comments(page).Should().Equal(Comments(dialect.Recorded()));
        var counts = PrometheusTextParser.Parse(page)
            .Where(s => s.Name.EndsWith("_count", StringComparison.Ordinal) && dialect.Families.ContainsKey(s.Name[..^"_count".Length]))
            .ToDictionary(s => s.Name[..^"_count".Length], s => s.Value, StringComparer.Ordinal);
        counts.Should().NotBeEmpty().And.AllSatisfy(c => c.Value.Should().Be(dialect.Families[c.Key] == MetricRole.TokenGap ? 160 * 127 : 160,
            $"{c.Key}: 20 s at the 8 req/s the replica serves, {QueueingModel.OutputTokens - 1} gaps each"));
    }

    [Theory]
    [MemberData(nameof(RuntimeDialect.Names), MemberType = typeof(RuntimeDialect))]
    public async Task The_operators_scrape_of_the_fake_follows_the_queueing_model(string runtime)
    {
        var dialect = RuntimeDialect.For(runtime);
        await using var pod = await StartAsync(dialect, batch: 32);
        using var http = new HttpClient();
        var scraper = new EngineMetricsScraper(http);
        var names = EngineRuntimeCatalog.Find(runtime)!.Metrics!;
        var before = await scraper.ScrapeAsync(pod.BaseUrl, T0, CancellationToken.None, names);

        pod.Advance(20);
        var after = await scraper.ScrapeAsync(pod.BaseUrl, T0.AddSeconds(20), CancellationToken.None, names);

        (before.Ttft.Count, after.Ttft.Count, after.Tpot.Count).Should().Be((0, 160, runtime == EngineRuntimes.Sglang ? 160 * 127 : 160));
        after.Ttft.Quantile(0.95).Should().BeInRange(2.5, 6, "saturated: TTFT 5 s");
        after.Tpot.Quantile(0.95).Should().BeInRange(0.05, 0.075, "batch 32: TPOT 53 ms");
        (after.RequestsRunning, after.RequestsWaiting).Should().Be((32, 20));
        after.GenerationTokensTotal.Should().Be(dialect.CountsTokens ? 160 * QueueingModel.OutputTokens : 0);
        after.RequestsByOutcome.Should().Contain("finished", 160);
        after.ConfigMaxBatchSize.Should().Be(32);
    }

    [Fact]
    public async Task A_proxy_fetching_another_path_than_the_runtime_serves_appends_the_404()
    {
        var args = new[] { "--upstream-metrics-path", "/metrics", "--runtime-max-batch-size", "8" };
        await using var pod = await FakeRuntimePod.StartAsync(RuntimeDialect.Trtllm, ["--max_batch_size", "8"], args);
        using var http = new HttpClient();

        var act = () => new EngineMetricsScraper(http).ScrapeAsync(pod.BaseUrl, T0, CancellationToken.None, new TrtllmRuntime().Metrics);

        (await act.Should().ThrowAsync<EngineApiException>()).WithInnerException<FormatException>().WithMessage("*no trtllm_* metric*");
    }

    private static Task<FakeRuntimePod> StartAsync(RuntimeDialect dialect, int batch) => FakeRuntimePod.StartAsync(
        dialect, [dialect.BatchLimitFlag, $"{batch}"], ["--upstream-metrics-path", dialect.MetricsPath, "--runtime-max-batch-size", $"{batch}"]);

    /// <summary>Each sample's name and labels, values left out.</summary>
    private static IEnumerable<string> Keys(string page) =>
        PrometheusTextParser.Parse(page).Select(s => s.Name + "{" + string.Join(',', s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}");

    private static IEnumerable<string> Comments(string page) => page.Split('\n').Where(l => l.StartsWith('#'));
}
