using System.Text.Json;
using Sluice.Bench.Client;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Client;

/// <summary>What goes over the wire and how token counts are taken.</summary>
public class StreamingClientTests
{
    [Theory]
    [InlineData(ApiKind.Completions, "/v1/completions")]
    [InlineData(ApiKind.Chat, "/v1/chat/completions")]
    public async Task Requests_carry_model_lengths_streaming_usage_and_ignore_eos(ApiKind api, string path)
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse());
        var spec = Spec(server) with { Api = api, ApiKey = "secret", Dataset = new DatasetSpec { InputTokens = 12, OutputTokens = 3, SystemPrompt = "be brief" } };

        var result = await new LoadRunner().RunAsync(spec);

        result.Summary.OkRequests.Should().Be(2);
        var received = server.Received[0];
        received.Path.Should().Be(path);
        received.Authorization.Should().Be("Bearer secret");
        received.Body.GetProperty("model").GetString().Should().Be("fake");
        received.Body.GetProperty("max_tokens").GetInt32().Should().Be(3);
        received.Body.GetProperty("stream").GetBoolean().Should().BeTrue();
        received.Body.GetProperty("ignore_eos").GetBoolean().Should().BeTrue();
        received.IncludeUsage.Should().BeTrue();
        var userText = api == ApiKind.Chat ? ChatMessage(received.Body, 1, "user") : received.Body.GetProperty("prompt").GetString()!;
        if (api == ApiKind.Chat)
        {
            ChatMessage(received.Body, 0, "system").Should().Be("be brief");
        }
        else
        {
            userText.Should().StartWith("be brief\n\n");
            userText = userText["be brief\n\n".Length..];
        }

        userText.Split(' ').Should().HaveCount(12);
        var field = api == ApiKind.Chat ? "messages" : "prompt";
        server.Received[1].Body.GetProperty(field).ToString().Should().NotBe(received.Body.GetProperty(field).ToString(), "every request gets its own random words");
    }

    [Fact]
    public async Task Usage_from_the_server_wins_over_counted_chunks()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { NumChunks = 3, TokensPerChunk = 2, PromptTokens = 40 });

        var result = await new LoadRunner().RunAsync(Spec(server));

        var record = result.Requests![0];
        record.OutputTokens.Should().Be(6);
        record.OutputTokensReported.Should().BeTrue();
        record.InputTokens.Should().Be(40);
        record.InputTokensReported.Should().BeTrue();
        record.InterTokenLatenciesSeconds.Should().HaveCount(2, "gaps are between the 3 chunks");
        record.TpotSeconds.Should().BeApproximately((record.E2eSeconds - record.TtftSeconds!.Value) / 5, 1e-12);
    }

    [Fact]
    public async Task Without_usage_chunks_are_counted_and_input_is_estimated()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { HonourIncludeUsage = false });
        var spec = Spec(server) with { IgnoreEos = false, Dataset = new DatasetSpec { InputTokens = 9, OutputTokens = 5 } };

        var result = await new LoadRunner().RunAsync(spec);

        var record = result.Requests![0];
        record.OutputTokens.Should().Be(5);
        record.OutputTokensReported.Should().BeFalse();
        record.InputTokens.Should().Be(9);
        record.InputTokensReported.Should().BeFalse();
        server.Received[0].Body.TryGetProperty("ignore_eos", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("http://h:8000", ApiKind.Completions, "http://h:8000/v1/completions")]
    [InlineData("http://h:8000/v1/", ApiKind.Chat, "http://h:8000/v1/chat/completions")]
    [InlineData("https://h/proxy", ApiKind.Chat, "https://h/proxy/v1/chat/completions")]
    public void Endpoints_resolve_with_or_without_v1(string baseUrl, ApiKind api, string expected)
    {
        ApiEndpoints.Resolve(new Uri(baseUrl), api).AbsoluteUri.Should().Be(expected);
    }

    [Theory]
    [InlineData("""{"choices":[{"text":"ab"}]}""", "ab", null, null, null)]
    [InlineData("""{"choices":[{"delta":{"content":"c","reasoning_content":"d"}}]}""", "cd", null, null, null)]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}""", "", 3, 4, null)]
    [InlineData("""{"error":{"message":"boom"}}""", "", null, null, "boom")]
    public void Stream_events_are_parsed(string payload, string text, int? promptTokens, int? completionTokens, string? error)
    {
        var chunk = StreamChunkParser.Parse(payload);

        chunk.Should().Be(new StreamChunk(text, promptTokens, completionTokens, error));
    }

    [Fact]
    public void A_malformed_event_is_an_error_not_an_exception()
    {
        StreamChunkParser.Parse("{not json").Error.Should().StartWith("stream event is not valid JSON");
    }

    private static string ChatMessage(JsonElement body, int i, string role)
    {
        var message = body.GetProperty("messages")[i];
        message.GetProperty("role").GetString().Should().Be(role);
        return message.GetProperty("content").GetString()!;
    }

    private static BenchmarkSpec Spec(FakeOpenAiServer server) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "fake",
        NumRequests = 2,
        RequestTimeoutSeconds = 30,
        Dataset = new DatasetSpec { InputTokens = 8, OutputTokens = 4 },
    };
}
