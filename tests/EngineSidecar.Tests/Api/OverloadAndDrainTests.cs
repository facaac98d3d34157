using System.Net;
using System.Text.Json;
using Sluice.Engine.Api;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

public class OverloadAndDrainTests
{
    private const string StreamBody = """{"prompt":"abc","max_tokens":3,"stream":true}""";

    [Fact]
    public async Task Rate_limit_gives_429_with_retry_after_before_any_stream_starts()
    {
        // One request per 10 s: the bucket holds one token and cannot refill during the test.
        await using var server = await ServerHarness.StartAsync(new ServeOptions { MaxRequestRate = 0.1 });

        using var first = await server.PostAsync("/v1/completions", StreamBody);
        using var second = await server.PostAsync("/v1/completions", StreamBody);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await SseReader.ReadAllAsync(first)).Should().NotBeEmpty();
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        second.Content.Headers.ContentType!.MediaType.Should().Be("application/json", "the refusal is decided before the event stream starts");
        second.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        (await ErrorCode(second)).Should().Be("rate_limit_exceeded");
        (await server.MetricAsync("sluice_requests_total", "outcome=\"rejected_rate\"")).Should().Be(1);
    }

    [Fact]
    public async Task Full_waiting_queue_gives_429_with_retry_after()
    {
        var runner = new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(20) };
        await using var server = await ServerHarness.StartAsync(new ServeOptions { MaxBatchSize = 1, MaxWaiting = 1 }, runner);

        var running = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":400,"ignore_eos":true,"stream":true}""");
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Loop.Gauges.NumRunning == 1), TimeSpan.FromSeconds(10))).Should().BeTrue();
        var waiting = server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":2}""");
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Loop.NumQueued == 1), TimeSpan.FromSeconds(10))).Should().BeTrue();

        using var refused = await server.PostAsync("/v1/completions", StreamBody);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.Should().NotBeNull();
        (await ErrorCode(refused)).Should().Be("queue_full");
        running.Dispose();
        using var waited = await waiting;
        waited.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Raising_the_rate_limit_live_admits_again()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { MaxRequestRate = 0.1 });
        using (var first = await server.PostAsync("/v1/completions", StreamBody))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        server.Components.Config.Set(server.Components.Config.Current with { MaxRequestRate = null });

        using var second = await server.PostAsync("/v1/completions", StreamBody);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Draining_refuses_new_requests_with_503_and_fails_readiness()
    {
        await using var server = await ServerHarness.StartAsync();
        (await server.Http.GetAsync("/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        server.Components.Admission.BeginDrain();

        using var refused = await server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}]}""");
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ErrorCode(refused)).Should().Be("draining");
        (await server.Http.GetAsync("/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await server.Http.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Shutdown_lets_in_flight_streams_finish_and_refuses_new_work()
    {
        var runner = new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(30) };
        await using var server = await ServerHarness.StartAsync(new ServeOptions { DrainTimeout = TimeSpan.FromSeconds(20) }, runner);
        using var inFlight = await server.PostAsync(
            "/v1/completions", """{"prompt":"abc","max_tokens":20,"temperature":0,"stream":true,"stream_options":{"include_usage":true}}""");
        var events = SseReader.ReadAllAsync(inFlight);
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Loop.Gauges.NumRunning == 1), TimeSpan.FromSeconds(10))).Should().BeTrue();

        var stopping = server.App.StopAsync();
        using var refused = await server.PostAsync("/v1/completions", StreamBody);
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        var received = await events;
        await stopping;
        received[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(20);
        SseReader.Text(received).Should().Be("defghijklmnopqrstuvw");
    }

    [Fact]
    public async Task Requests_still_running_after_the_drain_timeout_end_with_an_error_event()
    {
        var runner = new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(10) };
        await using var server = await ServerHarness.StartAsync(new ServeOptions { DrainTimeout = TimeSpan.FromMilliseconds(200) }, runner);
        using var inFlight = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":400,"ignore_eos":true,"stream":true}""");
        var events = SseReader.ReadAllAsync(inFlight);
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Loop.Gauges.NumRunning == 1), TimeSpan.FromSeconds(10))).Should().BeTrue();

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await server.App.StopAsync();

        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        var received = await events;
        received[^1].GetProperty("error").GetProperty("type").GetString().Should().Be("server_error");
        SseReader.Text(received.Take(received.Count - 1)).Length.Should().BeInRange(1, 399);
    }

    private static async Task<string?> ErrorCode(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").GetProperty("code").GetString();
    }
}
