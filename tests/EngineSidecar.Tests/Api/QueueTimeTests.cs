using System.Net;
using System.Text.Json;
using Sluice.Engine.Api;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

/// <summary>
/// A request still waiting for its first scheduling when its queue-time limit (max_queue_time or --max-queue-time)
/// passes leaves the queue and is answered 429 with Retry-After and code queue_timeout, counted as rejected_rate.
/// </summary>
public sealed class QueueTimeTests
{
    private const string Occupy = """{"prompt":"abc","max_tokens":400,"ignore_eos":true,"stream":true}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_that_waits_past_max_queue_time_gets_429_with_retry_after(bool stream)
    {
        var (server, occupant) = await BusyServerAsync(new ServeOptions { MaxBatchSize = 1 });
        await using var _ = server;
        using var __ = occupant;
        var body = """{"prompt":"abc","max_tokens":2,"max_queue_time":0.3,"stream":""" + (stream ? "true" : "false") + "}";

        using var refused = await server.PostAsync("/v1/completions", body);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, await refused.Content.ReadAsStringAsync());
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/json", "nothing was streamed before the refusal");
        refused.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        error.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("queue_timeout");
        error.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be("rate_limit_error");
        (await server.MetricAsync("sluice_requests_total", "outcome=\"rejected_rate\"")).Should().Be(1);
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Loop.NumQueued == 0), TimeSpan.FromSeconds(5)))
            .Should().BeTrue("the expired request left the queue");
    }

    [Fact]
    public async Task The_server_default_applies_to_chat_and_the_field_overrides_it()
    {
        var (server, occupant) = await BusyServerAsync(new ServeOptions { MaxBatchSize = 1, MaxQueueTime = TimeSpan.FromMilliseconds(300) });
        await using var _ = server;
        using var __ = occupant;

        using var refused = await server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":2}""");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        var patient = server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":2,"max_queue_time":60}""");
        await Task.Delay(600);
        patient.IsCompleted.Should().BeFalse("a longer limit of its own keeps the request waiting");
        server.Components.Loop.NumQueued.Should().Be(1);
        occupant.Dispose();
        using var served = await patient;
        served.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_request_scheduled_in_time_is_not_affected()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { MaxQueueTime = TimeSpan.FromSeconds(30) });

        using var response = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":3,"stream":true}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await SseReader.ReadAllAsync(response)).Should().NotBeEmpty();
        (await server.MetricAsync("sluice_requests_total", "outcome=\"finished\"")).Should().Be(1);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("1e9")]
    [InlineData("\"later\"")]
    public async Task Bad_max_queue_times_are_400s(string value)
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_queue_time":""" + value + "}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be("max_queue_time");
    }

    // A server whose one batch slot is held by a long stream, and that stream (the caller keeps it open, then disposes it).
    private static async Task<(ServerHarness Server, HttpResponseMessage Occupant)> BusyServerAsync(ServeOptions options)
    {
        var server = await ServerHarness.StartAsync(options, new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(20) });
        var occupant = await server.PostAsync("/v1/completions", Occupy);
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Loop.Gauges.NumRunning == 1), TimeSpan.FromSeconds(10))).Should().BeTrue();
        return (server, occupant);
    }
}
