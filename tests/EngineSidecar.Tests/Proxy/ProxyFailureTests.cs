using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Sluice.Contracts.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Engine.Tests.Proxy;

/// <summary>A runtime that is down, failing or cutting its stream: the client always gets a clear end, never a hang.</summary>
public class ProxyFailureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private const string Chat = $$"""{"model":"{{FakeRuntime.ModelName}}","messages":[{"role":"user","content":"hi"}]}""";
    private const string StreamedChat = $$"""{"model":"{{FakeRuntime.ModelName}}","messages":[{"role":"user","content":"hi"}],"stream":true}""";

    [Fact]
    public async Task A_runtime_that_is_down_is_a_502_naming_it_and_the_sdk_surfaces_it()
    {
        var upstream = ProxyHarness.ClosedPortUrl();
        await using var proxy = await ProxyHarness.StartAsync(withRuntime: false, upstream: upstream);

        using var response = await proxy.PostAsync("/v1/chat/completions", Chat).WaitAsync(Patience);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var error = await ErrorAsync(response);
        error.GetProperty("code").GetString().Should().Be("upstream_unreachable");
        error.GetProperty("type").GetString().Should().Be("server_error");
        error.GetProperty("message").GetString().Should().Contain(upstream.ToString());
        var sdkCall = () => proxy.Chat().CompleteChatAsync([new UserChatMessage("hi")]).WaitAsync(Patience);
        (await sdkCall.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(502);
        var (_, samples) = await proxy.MetricsAsync();
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Error)).Should().Be(2);
        (await proxy.Http.GetAsync("/upstream/health")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_runtime_answering_500_is_a_502_quoting_its_status_and_body(bool stream)
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.Mode = FakeRuntimeMode.Fail500;

        using var response = await proxy.PostAsync("/v1/chat/completions", stream ? StreamedChat : Chat).WaitAsync(Patience);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var error = await ErrorAsync(response);
        error.GetProperty("code").GetString().Should().Be("upstream_error");
        error.GetProperty("message").GetString().Should()
            .Contain(proxy.Runtime.BaseAddress.ToString()).And.Contain("answered 500").And.Contain("CUDA error: out of memory");
        var (_, samples) = await proxy.MetricsAsync();
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Error)).Should().Be(1);
    }

    [Fact]
    public async Task A_runtime_answering_503_stays_503_with_its_retry_after()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.Mode = FakeRuntimeMode.Fail503;

        using var response = await proxy.PostAsync("/v1/chat/completions", Chat).WaitAsync(Patience);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        var error = await ErrorAsync(response);
        error.GetProperty("code").GetString().Should().Be("upstream_unavailable");
        error.GetProperty("message").GetString().Should().Contain("answered 503").And.Contain("engine is loading");
        var sdkCall = () => proxy.Chat().CompleteChatAsync([new UserChatMessage("hi")]).WaitAsync(Patience);
        (await sdkCall.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(503);
    }

    [Fact]
    public async Task A_stream_cut_mid_way_ends_with_an_error_event_and_a_broken_body_never_a_done()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.Mode = FakeRuntimeMode.CutMidStream;
        using var response = await proxy.PostAsync("/v1/chat/completions", StreamedChat).WaitAsync(Patience);
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the stream had begun when the runtime went away");

        var lines = new List<string>();
        Exception? broken = null;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync().WaitAsync(Patience) is { } line)
            {
                lines.Add(line);
                if (line.Contains("\" wor\"", StringComparison.Ordinal))
                {
                    // Both content chunks came through; now the runtime goes away.
                    proxy.Runtime.Cut();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            broken = ex;
        }

        broken.Should().NotBeNull("the body must not end as a complete response would");
        var data = lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();
        data.Should().NotContain("[DONE]");
        data.Should().HaveCountGreaterThanOrEqualTo(4, "role, two content chunks and the error event");
        using var last = JsonDocument.Parse(data[^1]);
        var error = last.RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("upstream_disconnected");
        error.GetProperty("message").GetString().Should().Contain(proxy.Runtime.BaseAddress.ToString());
        (await ProxyHarness.EventuallyAsync(async () =>
        {
            var (_, samples) = await proxy.MetricsAsync();
            return ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Error)) == 1
                && ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Finished)) == 0;
        })).Should().BeTrue("a cut stream is an error, not a finished request");
    }

    [Fact]
    public async Task The_sdk_sees_a_stream_cut_mid_way_as_an_error()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.Mode = FakeRuntimeMode.CutMidStream;

        var consume = async () =>
        {
            await foreach (var update in proxy.Chat().CompleteChatStreamingAsync([new UserChatMessage("hi")]))
            {
                if (update.ContentUpdate.Any(p => p.Text.Contains("wor", StringComparison.Ordinal)))
                {
                    proxy.Runtime.Cut();
                }
            }
        };

        await consume.Should().ThrowAsync<Exception>("the stream was cut, and the SDK must not end it as if complete").WaitAsync(Patience);
    }

    [Fact]
    public async Task A_stream_cut_before_its_first_byte_is_a_502()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.Mode = FakeRuntimeMode.CutBeforeBody;

        using var response = await proxy.PostAsync("/v1/chat/completions", StreamedChat).WaitAsync(Patience);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await ErrorAsync(response)).GetProperty("code").GetString().Should().Be("upstream_disconnected");
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_stream_cancels_the_runtime_request_and_counts_as_aborted()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        proxy.Runtime!.HoldStreams = true;
        var response = await proxy.PostAsync("/v1/chat/completions", StreamedChat).WaitAsync(Patience);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync().WaitAsync(Patience)).Should().StartWith("data: ");

        // The client hangs up while the runtime is still generating.
        reader.Dispose();
        response.Dispose();

        (await ProxyHarness.EventuallyAsync(() => Task.FromResult(proxy.Runtime.StreamsAbandoned == 1)))
            .Should().BeTrue("the proxy passes the hang-up on, so the runtime stops generating for nobody");
        (await ProxyHarness.EventuallyAsync(async () =>
        {
            var (_, samples) = await proxy.MetricsAsync();
            return ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Aborted)) == 1
                && ProxyHarness.Value(samples, Defs.RequestsRunning.Name) == 0;
        })).Should().BeTrue("an abandoned stream is counted as aborted and leaves nothing in flight");
        proxy.Runtime.StreamsFinished.Should().Be(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_is_a_413_not_a_runtime_failure(bool chunked)
    {
        await using var proxy = await ProxyHarness.StartAsync(maxBodyBytes: 1024);
        var big = $$"""{"model":"{{FakeRuntime.ModelName}}","messages":[{"role":"user","content":"{{new string('a', 64 * 1024)}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(big, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await proxy.Http.SendAsync(request).WaitAsync(Patience);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await ErrorAsync(response)).GetProperty("code").GetString().Should().Be("request_too_large");
        proxy.Runtime!.StreamsFinished.Should().Be(0);
        var (_, samples) = await proxy.MetricsAsync();
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.RejectedInvalid)).Should().Be(1);
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Error)).Should().Be(0, "the client's body is not the runtime's failure");
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").Clone();
    }
}
