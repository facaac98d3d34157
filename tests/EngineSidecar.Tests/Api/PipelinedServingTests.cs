using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Api;
using Sluice.Engine.Model;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

/// <summary>The HTTP server over a runner that samples on the device, so that the engine pipelines its steps.</summary>
public class PipelinedServingTests
{
    [Fact]
    public async Task Concurrent_greedy_streams_are_right_and_every_step_is_launched_on_the_device()
    {
        var runner = new TwoPhaseFakeRunner(new FakeModelRunner());
        var app = await StartAsync(runner, new ServeOptions { MaxBatchSize = 16, MaxBatchedTokens = 64 });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var prompts = Enumerable.Range(0, 24).Select(i => ((char)('A' + (i % 26))).ToString() + new string('a', i % 7)).ToList();

            var results = await Task.WhenAll(prompts.Select(async (prompt, i) =>
            {
                var maxTokens = 10 + (i % 5);
                using var content = new StringContent(
                    $$$"""{"prompt":"{{{prompt}}}","max_tokens":{{{maxTokens}}},"temperature":0,"stream":true,"stream_options":{"include_usage":true}}""",
                    Encoding.UTF8,
                    "application/json");
                using var response = await http.PostAsync("/v1/completions", content);
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                return (prompt, maxTokens, events: await SseReader.ReadAllAsync(response));
            }));

            foreach (var (prompt, maxTokens, events) in results)
            {
                events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(maxTokens);
                var expected = new string([.. Enumerable.Range(1, maxTokens).Select(k => (char)(prompt[^1] + k))]);
                SseReader.Text(events).Should().Be(expected, "pipelined greedy output equals the one-at-a-time output");
            }

            runner.NumLaunches.Should().BePositive();
            runner.NumForwards.Should().Be(0, "every row was plain, so no step needed host logits");
            runner.Launched.Max(s => s.Count).Should().BeGreaterThan(1, "requests were batched");
            runner.Violations.Concat(runner.Inner.Violations).Should().BeEmpty();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Clients_disconnecting_while_their_rows_are_in_flight_leave_no_blocks_behind()
    {
        var runner = new TwoPhaseFakeRunner(new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(5) });
        var app = await StartAsync(runner, new ServeOptions { MaxBatchSize = 8 });
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = new Uri(app.Urls.First()) };
            await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                using var cancel = new CancellationTokenSource();
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
                {
                    Content = new StringContent("""{"prompt":"hello there","max_tokens":400,"ignore_eos":true,"stream":true}""", Encoding.UTF8, "application/json"),
                };
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
                var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
                (await stream.ReadAsync(new byte[64], cancel.Token)).Should().BePositive();
                await cancel.CancelAsync();
                response.Dispose();
            }));

            var components = app.Services.GetRequiredService<ServerComponents>();
            var drained = await ServerHarness.EventuallyAsync(
                async () => await MetricAsync(http, "sluice_requests_total", "outcome=\"aborted\"") == 12
                    && await MetricAsync(http, "sluice_requests_running") == 0 && await MetricAsync(http, "sluice_kv_cache_usage_ratio") == 0,
                TimeSpan.FromSeconds(20));

            drained.Should().BeTrue(await http.GetStringAsync("/metrics"));
            await app.StopAsync();
            components.Engine.Blocks.TotalRefCount.Should().Be(0);
            runner.HasPendingStep.Should().BeFalse();
            runner.Violations.Concat(runner.Inner.Violations).Should().BeEmpty();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartAsync(TwoPhaseFakeRunner runner, ServeOptions options)
    {
        var model = new LoadedModel("fake-model", runner.Info, new ByteTokenizer(), new SimpleChatTemplate(), runner);
        var app = EngineServer.Build(model, options with { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 4 }, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        return app;
    }

    private static async Task<double> MetricAsync(HttpClient http, string name, string labels = "")
    {
        var text = await http.GetStringAsync("/metrics");
        var prefix = labels.Length == 0 ? name + " " : name + "{" + labels + "} ";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? -1 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
