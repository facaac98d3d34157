using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Contracts.Metrics;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Metrics;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E;

/// <summary>
/// The metrics wire contract end to end: the real engine binary's /metrics (prometheus-net) parsed by the operator's
/// scraper gives the snapshot the requests made, with the names, labels and buckets of <see cref="EngineMetricDefinitions"/>.
/// </summary>
public sealed class MetricsContractTests : IDisposable
{
    private const string AdminToken = "contract-admin-token";
    private readonly string _tokenFile = Path.GetTempFileName();

    public MetricsContractTests() => File.WriteAllText(_tokenFile, AdminToken);

    [Fact]
    public async Task The_engines_metrics_parse_in_the_scraper_into_the_expected_snapshot()
    {
        await using var engine = await EngineProcess.StartAsync(
            ["--served-model-name", "contract-model", "--max-batch-size", "5", "--admin-token-file", _tokenFile], TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = engine.BaseAddress };
        var scraper = new EngineMetricsScraper(http);

        var before = await scraper.ScrapeAsync(engine.BaseAddress, DateTimeOffset.UtcNow, CancellationToken.None);
        before.Ttft.Count.Should().Be(0, "no request has finished");
        before.RequestsByOutcome.Should().BeEmpty();
        before.SloJudgedTotal.Should().BeNull("counters appear with their first increment");
        before.ConfigMaxBatchSize.Should().Be(5);
        before.ConfigMaxRequestRate.Should().BeNull();
        before.KvCacheCapacityTokens.Should().BePositive();
        before.ModelInfo.Should().NotBeNull();
        before.ModelInfo!.Model.Should().Be("contract-model");

        var completionTokens = await CompleteAsync(http, maxTokens: 6);
        var after = await scraper.ScrapeAsync(engine.BaseAddress, DateTimeOffset.UtcNow, CancellationToken.None);

        after.RequestsByOutcome.Should().Equal(new Dictionary<string, double> { [RequestOutcomes.Finished] = 1 });
        after.GenerationTokensTotal.Should().Be(completionTokens);
        after.Ttft.Count.Should().Be(1);
        after.Ttft.UpperBounds.Should().Equal([.. MetricBuckets.LatencySeconds, double.PositiveInfinity]);
        after.Ttft.CumulativeCounts[^1].Should().Be(1);
        after.Ttft.Sum.Should().BePositive();
        after.Tpot.Count.Should().Be(completionTokens > 1 ? 1 : 0);
        after.Tpot.UpperBounds.Should().Equal([.. MetricBuckets.TokenSeconds, double.PositiveInfinity]);
        after.RequestsRunning.Should().Be(0);
        after.RequestsWaiting.Should().Be(0);

        // SLO limits pushed through /admin/config are judged and exported as the scraper reads them.
        await new EngineAdminClient(http).SetAsync(engine.BaseAddress, AdminToken, 4, 7.5, (TtftSeconds: 30, TpotSeconds: 5), CancellationToken.None);
        await CompleteAsync(http, maxTokens: 3);
        var judged = await scraper.ScrapeAsync(engine.BaseAddress, DateTimeOffset.UtcNow, CancellationToken.None);

        judged.RequestsByOutcome[RequestOutcomes.Finished].Should().Be(2);
        judged.SloJudgedTotal.Should().Be(1);
        judged.SloWithinTotal.Should().Be(1);
        judged.ConfigSloTtftSeconds.Should().Be(30);
        judged.ConfigSloTpotSeconds.Should().Be(5);
        judged.ConfigMaxBatchSize.Should().Be(4);
        judged.ConfigMaxRequestRate.Should().Be(7.5);
    }

    [Fact]
    public async Task The_engine_exposes_every_contract_metric_with_its_help_and_type()
    {
        await using var engine = await EngineProcess.StartAsync([], TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = engine.BaseAddress };
        await CompleteAsync(http, maxTokens: 4);

        var text = await http.GetStringAsync("metrics");
        var samples = PrometheusTextParser.Parse(text);

        // Preemptions and SLO judging need a full KV cache and pushed limits; the rest shows after one request.
        var notYetMeasured = new[] { EngineMetricDefinitions.PreemptionsTotal, EngineMetricDefinitions.RequestsSloJudgedTotal, EngineMetricDefinitions.RequestsWithinSloTotal };
        foreach (var metric in EngineMetricDefinitions.All.Except(notYetMeasured))
        {
            var type = metric.Kind.ToString().ToLowerInvariant();
            text.Should().Contain($"# HELP {metric.Name} {metric.Help}\n").And.Contain($"# TYPE {metric.Name} {type}\n");
            var series = metric.Kind == MetricKind.Histogram ? metric.BucketName : metric.Name;
            var first = samples.First(s => s.Name == series);
            first.Labels.Keys.Except([MetricLabels.Le]).Should().BeEquivalentTo(metric.LabelNames, $"{metric.Name}'s labels");
        }

        samples.Where(s => s.Name == EngineMetricDefinitions.TimeToFirstTokenSeconds.BucketName)
            .Select(s => s.Label(MetricLabels.Le)).Should().Equal(
                [.. MetricBuckets.LatencySeconds.Select(b => b.ToString(CultureInfo.InvariantCulture)), "+Inf"]);
        samples.Should().Contain(s => s.Name == "process_cpu_seconds_total", "prometheus-net's process metrics stay on");
    }

    public void Dispose() => File.Delete(_tokenFile);

    private static async Task<int> CompleteAsync(HttpClient http, int maxTokens)
    {
        using var response = await http.PostAsJsonAsync("v1/completions", new { prompt = "hello there", max_tokens = maxTokens, temperature = 0, ignore_eos = true });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
    }
}
