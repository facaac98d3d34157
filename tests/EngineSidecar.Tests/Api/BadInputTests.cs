using System.Net;
using System.Text.Json;

namespace Sluice.Engine.Tests.Api;

public sealed class BadInputTests(SmallBodyServerFixture fixture) : IClassFixture<SmallBodyServerFixture>
{
    private const string Chat = "/v1/chat/completions";
    private const string Completions = "/v1/completions";
    private const string Hi = """[{"role":"user","content":"hi"}]""";
    private readonly ServerHarness _server = fixture.Server;

    public static TheoryData<string, string, int, string?, string> Cases => new()
    {
        { Chat, "{not json", 400, null, "not valid JSON" },
        { Chat, "", 400, null, "empty" },
        { Chat, "[1,2]", 400, null, "not valid JSON" },
        { Chat, """{"messages":"hi"}""", 400, "messages", "wrong type" },
        { Chat, """{"model":"fake-model"}""", 400, "messages", "non-empty" },
        { Chat, """{"messages":[]}""", 400, "messages", "non-empty" },
        { Chat, """{"messages":[{"role":"wizard","content":"x"}]}""", 400, "messages[0].role", "role" },
        { Chat, """{"messages":[{"role":"user","content":[{"type":"image_url"}]}]}""", 400, "messages[0].content", "parts" },
        { Chat, """{"messages":[{"role":"assistant","content":"x"}]}""", 400, "messages", "chat template" },
        { Chat, $$"""{"messages":{{Hi}},"temperature":"hot"}""", 400, "temperature", "wrong type" },
        { Chat, $$"""{"messages":{{Hi}},"temperature":-0.5}""", 400, "temperature", "temperature" },
        { Chat, $$"""{"messages":{{Hi}},"temperature":"NaN"}""", 400, "temperature", "wrong type" },
        { Chat, $$"""{"messages":{{Hi}},"temperature":1e999}""", 400, "temperature", "temperature" },
        { Chat, $$"""{"messages":{{Hi}},"top_p":0}""", 400, "top_p", "top_p" },
        { Chat, $$"""{"messages":{{Hi}},"top_p":1.5}""", 400, "top_p", "top_p" },
        { Chat, $$"""{"messages":{{Hi}},"top_k":-2}""", 400, "top_k", "top_k" },
        { Chat, $$"""{"messages":{{Hi}},"min_p":2}""", 400, "min_p", "min_p" },
        { Chat, $$"""{"messages":{{Hi}},"presence_penalty":3}""", 400, "presence_penalty", "presence_penalty" },
        { Chat, $$"""{"messages":{{Hi}},"frequency_penalty":-2.5}""", 400, "frequency_penalty", "frequency_penalty" },
        { Chat, $$"""{"messages":{{Hi}},"repetition_penalty":0}""", 400, "repetition_penalty", "repetition_penalty" },
        { Chat, $$"""{"messages":{{Hi}},"n":0}""", 400, "n", "between 1 and" },
        { Chat, $$"""{"messages":{{Hi}},"n":17}""", 400, "n", "between 1 and" },
        { Chat, $$"""{"messages":{{Hi}},"n":1.5}""", 400, "n", "wrong type" },
        { Chat, $$"""{"messages":{{Hi}},"stop":""}""", 400, "stop", "empty" },
        { Chat, $$"""{"messages":{{Hi}},"stop":["a",""]}""", 400, "stop", "empty" },
        { Chat, $$"""{"messages":{{Hi}},"stop":[{{string.Join(',', Enumerable.Range(0, 17).Select(i => $"\"s{i}\""))}}]}""", 400, "stop", "at most" },
        { Chat, $$"""{"messages":{{Hi}},"stop":5}""", 400, "stop", "string" },
        { Chat, $$"""{"messages":{{Hi}},"logprobs":true,"top_logprobs":21}""", 400, "top_logprobs", "between 0 and 20" },
        { Chat, $$"""{"messages":{{Hi}},"top_logprobs":2}""", 400, "top_logprobs", "requires logprobs" },
        { Chat, $$"""{"messages":{{Hi}},"max_tokens":0}""", 400, "max_tokens", "at least 1" },
        { Chat, $$"""{"messages":{{Hi}},"max_tokens":-5}""", 400, "max_tokens", "at least 1" },
        { Chat, $$"""{"messages":{{Hi}},"max_tokens":99999999999}""", 400, "max_tokens", "wrong type" },
        { Chat, $$"""{"messages":{{Hi}},"max_tokens":1000000}""", 400, "max_tokens", "the prompt has 24 tokens and max_tokens is 1000000, 1000024 in all, but the context length is 512" },
        { Chat, $$"""{"messages":{{Hi}},"max_tokens":489}""", 400, "max_tokens", "513 in all, but the context length is 512" },
        { Chat, $$$"""{"messages":{{{Hi}}},"stream_options":{"include_usage":true}}""", 400, "stream_options", "only allowed" },
        { Chat, $$"""{"messages":{{Hi}},"tools":[{"type":"function"}]}""", 400, "tools", "not supported" },
        { Chat, $$"""{"messages":{{Hi}},"model":"gpt-4"}""", 404, "model", "does not exist" },
        { Completions, """{"max_tokens":3}""", 400, "prompt", "required" },
        { Completions, """{"prompt":""}""", 400, "prompt", "empty" },
        { Completions, """{"prompt":[]}""", 400, "prompt", "empty" },
        { Completions, """{"prompt":["a","b"]}""", 400, "prompt", "one prompt" },
        { Completions, """{"prompt":[1,2,999]}""", 400, "prompt", "token ids" },
        { Completions, """{"prompt":{"text":"a"}}""", 400, "prompt", "must be a string" },
        { Completions, $$"""{"prompt":"{{new string('x', 600)}}"}""", 400, "prompt", "the prompt has 600 tokens, but the context length is 512" },
        { Completions, """{"prompt":"abc","max_tokens":510}""", 400, "max_tokens", "the prompt has 3 tokens and max_tokens is 510, 513 in all, but the context length is 512" },
        { Completions, """{"prompt":"abc","logprobs":21}""", 400, "logprobs", "between 0 and 20" },
        { Completions, """{"prompt":"abc","echo":true}""", 400, "echo", "not supported" },
        { Completions, """{"prompt":"abc","stop_token_ids":[300]}""", 400, "stop_token_ids", "token ids" },
        { Completions, """{"prompt":"abc","model":"other"}""", 404, "model", "does not exist" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_an_openai_error_with_a_4xx_status(string path, string body, int status, string? param, string messagePart)
    {
        using var response = await _server.PostAsync(path, body);

        var error = await ErrorOf(response);
        ((int)response.StatusCode).Should().Be(status, error.GetRawText());
        error.GetProperty("message").GetString().Should().ContainEquivalentOf(messagePart);
        error.GetProperty("type").GetString().Should().NotBeNullOrEmpty();
        if (param is not null)
        {
            error.GetProperty("param").GetString().Should().Be(param);
        }
    }

    [Fact]
    public async Task Body_over_the_limit_gets_413()
    {
        var body = $$"""{"prompt":"{{new string('x', 9000)}}"}""";

        using var response = await _server.PostAsync(Completions, body);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await ErrorOf(response)).GetProperty("code").GetString().Should().Be("request_too_large");
    }

    [Fact]
    public async Task Rejected_requests_are_counted_and_the_engine_stays_idle()
    {
        using (await _server.PostAsync(Chat, """{"messages":[]}""")) { }
        using (await _server.PostAsync(Completions, """{"prompt":"abc","top_p":5}""")) { }

        (await _server.MetricAsync("sluice_requests_total", "outcome=\"rejected_invalid\"")).Should().BeGreaterThanOrEqualTo(2);
        _server.Runner.Steps.Should().BeEmpty();
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").Clone();
    }
}
