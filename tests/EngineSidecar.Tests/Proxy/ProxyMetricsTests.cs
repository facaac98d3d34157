using OpenAI.Chat;
using Sluice.Contracts.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Engine.Tests.Proxy;

/// <summary>The proxy's /metrics: its own admission metrics, then the runtime's page, one exposition the operator parses.</summary>
public class ProxyMetricsTests
{
    [Fact]
    public async Task The_proxy_metrics_come_first_and_the_runtime_page_follows_whole()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        await proxy.Chat().CompleteChatAsync([new UserChatMessage("hi")]);

        var (text, samples) = await proxy.MetricsAsync();

        text.Should().EndWith(FakeRuntime.MetricsPage, "the runtime's page is appended as it was served");
        var lines = text.Split('\n');
        var lastOwn = Array.FindLastIndex(lines, l => l.StartsWith("sluice_", StringComparison.Ordinal));
        var firstRuntime = Array.FindIndex(lines, l => l.StartsWith("vllm:", StringComparison.Ordinal) || l.StartsWith("# HELP vllm:", StringComparison.Ordinal));
        lastOwn.Should().BeGreaterThan(0);
        firstRuntime.Should().BeGreaterThan(lastOwn, "the proxy's own metrics come before the runtime's");
        lines.Where(l => l.StartsWith("sluice_", StringComparison.Ordinal)).Should().OnlyContain(l => Array.IndexOf(lines, l) < firstRuntime);

        ProxyHarness.Value(samples, Defs.ConfigMaxBatchSize.Name).Should().Be(ProxyHarness.RuntimeBatch);
        ProxyHarness.Value(samples, Defs.ConfigMaxRequestRate.Name).Should().Be(0, "0 = unlimited");
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Finished)).Should().Be(1);
        ProxyHarness.Value(samples, Defs.RequestsRunning.Name).Should().Be(0);
        ProxyHarness.Value(samples, Defs.TimeToFirstTokenSeconds.Name + "_count").Should().Be(0, "a non-streamed answer has no first chunk to time");
        ProxyHarness.Value(samples, "vllm:num_requests_running", ("engine", "0")).Should().Be(12);
        ProxyHarness.Value(samples, "vllm:time_to_first_token_seconds_count").Should().Be(200);
        var own = Sluice.Controllers.Metrics.PrometheusTextParser.Parse(text[..^FakeRuntime.MetricsPage.Length]);
        own.Should().OnlyContain(s => s.Name.StartsWith("sluice_", StringComparison.Ordinal), "the proxy's registry holds its admission metrics only, so no name is exported twice");
    }

    [Fact]
    public async Task Ttft_is_observed_at_the_first_streamed_chunk_not_at_the_end_of_the_stream()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.HoldStreams = true;
        using var response = await proxy.PostAsync("/v1/chat/completions", $$"""{"model":"{{FakeRuntime.ModelName}}","messages":[{"role":"user","content":"hi"}],"stream":true}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20))).Should().StartWith("data: ");

        // The runtime is still holding the rest of the stream; the first chunk has been timed already.
        var (_, during) = await proxy.MetricsAsync();
        ProxyHarness.Value(during, Defs.TimeToFirstTokenSeconds.Name + "_count").Should().Be(1);
        ProxyHarness.Value(during, Defs.RequestsRunning.Name).Should().Be(1, "the stream is in flight");
        ProxyHarness.Value(during, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Finished)).Should().Be(0, "it has not finished");
        var bounds = Defs.TimeToFirstTokenSeconds.Buckets;
        bounds.Should().HaveCountGreaterThanOrEqualTo(20);
        ProxyHarness.Value(during, Defs.TimeToFirstTokenSeconds.Name + "_bucket", ("le", "+Inf")).Should().Be(1);

        proxy.Runtime.ReleaseStreams();
        (await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20))).Should().EndWith("data: [DONE]\n\n");
        (await ProxyHarness.EventuallyAsync(async () =>
        {
            var (_, after) = await proxy.MetricsAsync();
            return ProxyHarness.Value(after, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Finished)) == 1;
        })).Should().BeTrue();
        var (_, end) = await proxy.MetricsAsync();
        ProxyHarness.Value(end, Defs.TimeToFirstTokenSeconds.Name + "_count").Should().Be(1, "one stream, one first chunk");
        ProxyHarness.Value(end, Defs.RequestsRunning.Name).Should().Be(0);
    }

    [Fact]
    public async Task A_runtime_whose_metrics_do_not_answer_leaves_a_comment_and_a_page_that_still_parses()
    {
        await using var proxy = await ProxyHarness.StartAsync(withRuntime: false, upstream: ProxyHarness.ClosedPortUrl());

        var (text, samples) = await proxy.MetricsAsync();

        text.Should().Contain("# the runtime's /metrics did not answer");
        samples.Should().Contain(s => s.Name == Defs.ConfigMaxBatchSize.Name);
        samples.Should().NotContain(s => s.Name.StartsWith("vllm:", StringComparison.Ordinal));
    }
}
