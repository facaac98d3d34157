using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Sluice.Engine.Tests.Proxy;

/// <summary>The OpenAI API through the admission proxy, with the official SDK as the client.</summary>
public class ProxyForwardingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Chat_completion_is_answered_as_the_runtime_answered()
    {
        await using var proxy = await ProxyHarness.StartAsync();

        ChatCompletion completion = await proxy.Chat().CompleteChatAsync([new UserChatMessage("hi there")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });

        completion.Content[0].Text.Should().Be(FakeRuntime.FirstContent + FakeRuntime.RestContent);
        completion.Id.Should().Be("chatcmpl-fake");
        completion.Model.Should().Be(FakeRuntime.ModelName);
        completion.FinishReason.Should().Be(ChatFinishReason.Length);
        completion.Usage.InputTokenCount.Should().Be(FakeRuntime.PromptTokens);
        completion.Usage.OutputTokenCount.Should().Be(FakeRuntime.CompletionTokens);
        var (body, authorization) = proxy.Runtime!.LastRequest!.Value;
        body.GetProperty("messages")[0].GetProperty("content").GetString().Should().Be("hi there", "the request body reaches the runtime unchanged");
        body.GetProperty("model").GetString().Should().Be(FakeRuntime.ModelName);
        authorization.Should().Be("Bearer sk-client", "the client's credentials are the runtime's business");
    }

    [Fact]
    public async Task Completion_is_answered_as_the_runtime_answered()
    {
        // The SDK's legacy completions client is internal; its public pipeline sends the request instead.
        await using var proxy = await ProxyHarness.StartAsync();
        var pipeline = new OpenAIClient(new ApiKeyCredential("sk-client"), proxy.SdkOptions()).Pipeline;
        using var message = pipeline.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = new Uri(proxy.BaseAddress, "/v1/completions?trace=1");
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromString($$"""{"model":"{{FakeRuntime.ModelName}}","prompt":"abc","max_tokens":2}"""));

        await pipeline.SendAsync(message);

        message.Response!.Status.Should().Be(200);
        using var body = JsonDocument.Parse(message.Response.Content);
        body.RootElement.GetProperty("object").GetString().Should().Be("text_completion");
        body.RootElement.GetProperty("choices")[0].GetProperty("text").GetString().Should().Be(FakeRuntime.CompletionText);
        body.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(FakeRuntime.PromptTokens);
        body.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(FakeRuntime.CompletionTokens);
        proxy.Runtime!.LastRequest!.Value.Body.GetProperty("prompt").GetString().Should().Be("abc");
    }

    [Fact]
    public async Task Streamed_chat_arrives_chunk_by_chunk_before_the_runtime_finishes_and_usage_passes_through()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.HoldStreams = true;
        var updates = proxy.Chat().CompleteChatStreamingAsync(
            [new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 }).GetAsyncEnumerator();
        var text = new StringBuilder();
        try
        {
            // The runtime holds its stream after the first content chunk: that chunk must reach the client now, not at the end.
            while (text.Length < FakeRuntime.FirstContent.Length)
            {
                (await updates.MoveNextAsync().AsTask().WaitAsync(Patience)).Should().BeTrue();
                text.Append(string.Concat(updates.Current.ContentUpdate.Select(p => p.Text)));
            }

            text.ToString().Should().Be(FakeRuntime.FirstContent);
            proxy.Runtime.StreamsFinished.Should().Be(0, "the first chunk arrived while the runtime was still generating");

            proxy.Runtime.ReleaseStreams();
            ChatTokenUsage? usage = null;
            ChatFinishReason? finish = null;
            while (await updates.MoveNextAsync().AsTask().WaitAsync(Patience))
            {
                text.Append(string.Concat(updates.Current.ContentUpdate.Select(p => p.Text)));
                usage = updates.Current.Usage ?? usage;
                finish = updates.Current.FinishReason ?? finish;
            }

            text.ToString().Should().Be(FakeRuntime.FirstContent + FakeRuntime.RestContent);
            finish.Should().Be(ChatFinishReason.Length);
            usage.Should().NotBeNull("the SDK asks for stream_options.include_usage and the runtime's usage chunk passes through");
            usage!.InputTokenCount.Should().Be(FakeRuntime.PromptTokens);
            usage.OutputTokenCount.Should().Be(FakeRuntime.CompletionTokens);
            proxy.Runtime.StreamsFinished.Should().Be(1);
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    [Fact]
    public async Task Streamed_completion_keeps_the_runtime_framing_and_content_type()
    {
        await using var proxy = await ProxyHarness.StartAsync();

        using var response = await proxy.PostAsync("/v1/completions", $$"""{"model":"{{FakeRuntime.ModelName}}","prompt":"abc","stream":true}""");

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        response.Content.Headers.ContentLength.Should().BeNull("a stream is relayed as it comes, never buffered to learn its length");
        var events = await Api.SseReader.ReadAllAsync(response);
        Api.SseReader.Text(events).Should().Be(FakeRuntime.FirstContent + FakeRuntime.RestContent);
    }

    [Fact]
    public async Task Unknown_routes_are_a_json_404_and_health_of_the_runtime_is_relayed()
    {
        await using var proxy = await ProxyHarness.StartAsync();

        using var missing = await proxy.Http.GetAsync("/v2/anything");
        missing.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        using (var body = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()))
        {
            body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain("/v2/anything");
        }

        (await proxy.Http.GetAsync("/upstream/health")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        proxy.Runtime!.HealthStatus = 503;
        (await proxy.Http.GetAsync("/upstream/health")).StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable);
        (await proxy.Http.GetAsync("/health")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "the proxy itself lives");
        proxy.Runtime.Requests.Should().Be(0, "probes are not OpenAI requests");
    }
}
