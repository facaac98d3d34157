using System.Net;
using Sluice.Engine.Api;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

public class ConcurrencyTests
{
    [Fact]
    public async Task Thirty_two_concurrent_streaming_clients_all_finish_with_correct_token_counts()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { MaxBatchSize = 16, MaxBatchedTokens = 64 });
        var prompts = Enumerable.Range(0, 32).Select(i => ((char)('A' + (i % 26))).ToString() + new string('a', i % 7)).ToList();

        var results = await Task.WhenAll(prompts.Select(async (prompt, i) =>
        {
            var maxTokens = 10 + (i % 5);
            using var response = await server.PostAsync(
                "/v1/completions", $$$"""{"prompt":"{{{prompt}}}","max_tokens":{{{maxTokens}}},"temperature":0,"stream":true,"stream_options":{"include_usage":true}}""");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var events = await SseReader.ReadAllAsync(response);
            return (prompt, maxTokens, events);
        }));

        foreach (var (prompt, maxTokens, events) in results)
        {
            var usage = events[^1].GetProperty("usage");
            usage.GetProperty("completion_tokens").GetInt32().Should().Be(maxTokens);
            usage.GetProperty("prompt_tokens").GetInt32().Should().Be(prompt.Length);
            var expected = new string([.. Enumerable.Range(1, maxTokens).Select(k => (char)(prompt[^1] + k))]);
            SseReader.Text(events).Should().Be(expected, "greedy batched output equals the one-at-a-time output");
        }

        server.Runner.Steps.Max(s => s.Count).Should().BeGreaterThan(1, "requests were batched");
        server.Runner.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task A_burst_of_clients_disconnecting_mid_stream_returns_kv_usage_and_running_to_zero()
    {
        var runner = new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(5) };
        await using var server = await ServerHarness.StartAsync(new ServeOptions { MaxBatchSize = 8 }, runner);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            using var cancel = new CancellationTokenSource();
            var response = await server.PostAsync("/v1/completions", """{"prompt":"hello there","max_tokens":400,"ignore_eos":true,"stream":true}""", cancellationToken: cancel.Token);
            var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            var buffer = new byte[64];
            if (i % 2 == 0)
            {
                (await stream.ReadAsync(buffer, cancel.Token)).Should().BeGreaterThan(0);
            }

            await cancel.CancelAsync();
            response.Dispose();
        }));

        var drained = await ServerHarness.EventuallyAsync(
            async () => await server.MetricAsync("sluice_kv_cache_usage_ratio") == 0 && await server.MetricAsync("sluice_requests_running") == 0
                && await server.MetricAsync("sluice_requests_waiting") == 0
                && await server.MetricAsync("sluice_requests_total", "outcome=\"aborted\"") == 16,
            TimeSpan.FromSeconds(20));

        drained.Should().BeTrue(await server.Http.GetStringAsync("/metrics"));
        (await server.MetricAsync("sluice_requests_total", "outcome=\"aborted\"")).Should().Be(16, await server.Http.GetStringAsync("/metrics"));
        server.Components.Engine.Blocks.TotalRefCount.Should().Be(0);
        server.Runner.Violations.Should().BeEmpty();
    }
}
