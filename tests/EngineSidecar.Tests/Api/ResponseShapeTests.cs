using System.Net;
using System.Text.Json;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

public class ResponseShapeTests
{
    [Fact]
    public async Task Chat_stream_starts_with_the_role_ends_with_finish_reason_usage_and_done()
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await server.PostAsync(
            "/v1/chat/completions",
            """{"messages":[{"role":"user","content":"hi"}],"max_tokens":3,"temperature":0,"stream":true,"stream_options":{"include_usage":true}}""");

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = await SseReader.ReadAllAsync(response);
        events.Should().OnlyContain(e => e.GetProperty("object").GetString() == "chat.completion.chunk");
        var first = events[0].GetProperty("choices")[0];
        first.GetProperty("delta").GetProperty("role").GetString().Should().Be("assistant");
        SseReader.Text(events).Should().Be("?@A");
        var last = events[^2].GetProperty("choices")[0];
        last.GetProperty("finish_reason").GetString().Should().Be("length");
        events[^1].GetProperty("choices").GetArrayLength().Should().Be(0);
        events[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().Be(27);
        events.Select(e => e.GetProperty("id").GetString()).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task Completion_logprobs_report_the_chosen_tokens_and_the_requested_alternatives()
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":3,"temperature":0,"logprobs":2}""");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var logprobs = body.RootElement.GetProperty("choices")[0].GetProperty("logprobs");
        logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).Should().Equal("d", "e", "f");
        var chosen = logprobs.GetProperty("token_logprobs").EnumerateArray().Select(l => l.GetDouble()).ToList();
        var top = logprobs.GetProperty("top_logprobs").EnumerateArray().ToList();
        chosen.Should().OnlyContain(l => l < 0);
        top.Should().OnlyContain(t => t.EnumerateObject().Count() == 2);
        top.Select(t => t.EnumerateObject().First().Name).Should().Equal("d", "e", "f");
        top.Select(t => t.EnumerateObject().First().Value.GetDouble()).Should().Equal(chosen, "greedy picks the most likely token");
    }

    [Fact]
    public async Task Chat_logprobs_follow_the_chat_shape()
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await server.PostAsync(
            "/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":2,"temperature":0,"logprobs":true,"top_logprobs":3}""");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var content = body.RootElement.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content");
        content.GetArrayLength().Should().Be(2);
        content[0].GetProperty("token").GetString().Should().Be("?");
        content[0].GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()).Should().Equal(63);
        content[0].GetProperty("top_logprobs").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task A_client_that_leaves_before_the_first_token_aborts_its_request()
    {
        var runner = new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(50) };
        await using var server = await ServerHarness.StartAsync(null, runner);
        using var cancel = new CancellationTokenSource();

        var pending = server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":300,"ignore_eos":true}""", cancellationToken: cancel.Token);
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Loop.Gauges.NumRunning == 1), TimeSpan.FromSeconds(10))).Should().BeTrue();
        await cancel.CancelAsync();

        await pending.Invoking(async p => await p).Should().ThrowAsync<OperationCanceledException>();
        (await ServerHarness.EventuallyAsync(
            async () => await server.MetricAsync("sluice_requests_total", "outcome=\"aborted\"") == 1 && await server.MetricAsync("sluice_kv_cache_usage_ratio") == 0,
            TimeSpan.FromSeconds(10))).Should().BeTrue();
        (await server.MetricAsync("sluice_generation_tokens_total")).Should().BeLessThan(300);
    }

    [Fact]
    public async Task A_runner_failure_answers_with_a_json_server_error_and_the_server_keeps_serving()
    {
        await using var server = await ServerHarness.StartAsync();

        // Shrinking the runner's cache under the engine makes the next forward pass fail its block-table checks.
        server.Runner.AllocateKvCache(1, 16);
        using var failed = await server.PostAsync("/v1/completions", """{"prompt":"a long enough prompt to need two blocks","max_tokens":2}""");
        failed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        using (var error = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()))
        {
            error.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be("server_error");
            error.RootElement.GetProperty("error").GetProperty("message").GetString().Should().StartWith("the model runner failed");
        }

        server.Runner.AllocateKvCache(server.Components.Engine.Blocks.NumBlocks, 16);
        using var ok = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":2}""");
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        (await server.MetricAsync("sluice_requests_total", "outcome=\"error\"")).Should().Be(1);
        server.Components.Engine.Blocks.TotalRefCount.Should().Be(0);
    }
}
