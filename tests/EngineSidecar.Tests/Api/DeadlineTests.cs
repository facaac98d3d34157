using System.Net;
using System.Text.Json;
using Sluice.Engine.Api;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

/// <summary>The per-request timeout field and the server's --request-timeout end a request with finish_reason timeout and free its KV.</summary>
public sealed class DeadlineTests
{
    [Fact]
    public async Task The_timeout_field_ends_the_request_with_the_text_so_far()
    {
        await using var server = await ServerHarness.StartAsync(runner: new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(20) });

        using var response = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":400,"temperature":0,"ignore_eos":true,"timeout":0.5}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = body.RootElement.GetProperty("choices")[0];
        choice.GetProperty("finish_reason").GetString().Should().Be("timeout");
        var generated = body.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        generated.Should().BeInRange(1, 399);
        choice.GetProperty("text").GetString()!.Length.Should().BeGreaterThan(0);
        (await ServerHarness.EventuallyAsync(() => Task.FromResult(server.Components.Engine.Blocks.NumFreeBlocks == server.Components.Engine.Blocks.NumBlocks), TimeSpan.FromSeconds(5)))
            .Should().BeTrue("the expired request's KV blocks are freed");
    }

    [Fact]
    public async Task The_server_default_ends_a_stream_with_finish_reason_timeout()
    {
        await using var server = await ServerHarness.StartAsync(
            new ServeOptions { RequestTimeout = TimeSpan.FromMilliseconds(400) },
            new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(20) });

        using var response = await server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":400,"ignore_eos":true,"stream":true}""");

        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("\"finish_reason\":\"timeout\"").And.EndWith("data: [DONE]\n\n");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1e9")]
    [InlineData("\"soon\"")]
    public async Task Bad_timeouts_are_400s(string timeout)
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.PostAsync("/v1/completions", """{"prompt":"abc","timeout":""" + timeout + "}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be("timeout");
    }
}
