using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Chat;
using Sluice.Contracts.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Engine.Tests.Proxy;

/// <summary>The rate lever of the proxy and its /admin/config.</summary>
public class ProxyAdmissionTests
{
    private const string Chat = $$"""{"model":"{{FakeRuntime.ModelName}}","messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task Above_the_admitted_rate_requests_get_429_with_retry_after_and_an_openai_error_and_never_reach_the_runtime()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        (await proxy.PutConfigAsync("""{"maxRequestRate":1}""")).StatusCode.Should().Be(HttpStatusCode.OK);

        // A bucket of one request per second: the first is admitted, the next ones within the second are not.
        using var admitted = await proxy.PostAsync("/v1/chat/completions", Chat);
        using var refused = await proxy.PostAsync("/v1/chat/completions", Chat);

        admitted.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 2);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("rate_limit_error");
        error.GetProperty("code").GetString().Should().Be("rate_limit_exceeded");
        error.GetProperty("message").GetString().Should().Contain("1 requests/s");

        var sdkCall = () => proxy.Chat().CompleteChatAsync([new UserChatMessage("hi")]);
        (await sdkCall.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(429);

        proxy.Runtime!.Requests.Should().Be(1, "refused requests are answered by the proxy alone");
        var (_, samples) = await proxy.MetricsAsync();
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.RejectedRate)).Should().Be(2);
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Finished)).Should().Be(1);
        ProxyHarness.Value(samples, Defs.ConfigMaxRequestRate.Name).Should().Be(1);
    }

    [Fact]
    public async Task Below_the_admitted_rate_every_request_passes()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        (await proxy.PutConfigAsync("""{"maxRequestRate":200}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        var client = proxy.Chat();

        for (var i = 0; i < 20; i++)
        {
            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("hi")]);
            completion.Content[0].Text.Should().Be(FakeRuntime.FirstContent + FakeRuntime.RestContent);
        }

        proxy.Runtime!.Requests.Should().Be(20);
        var (_, samples) = await proxy.MetricsAsync();
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.Finished)).Should().Be(20);
        ProxyHarness.Value(samples, Defs.RequestsTotal.Name, ("outcome", RequestOutcomes.RejectedRate)).Should().Be(0);
    }

    [Fact]
    public async Task The_rate_changes_live_and_unlimited_lifts_it()
    {
        await using var proxy = await ProxyHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            (await proxy.PostAsync("/v1/chat/completions", Chat)).StatusCode.Should().Be(HttpStatusCode.OK, "no rate is set at start");
        }

        (await proxy.PutConfigAsync("""{"maxRequestRate":1}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await proxy.PostAsync("/v1/chat/completions", Chat)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await proxy.PostAsync("/v1/chat/completions", Chat)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        using var lifted = await proxy.PutConfigAsync("""{"maxRequestRate":null}""");
        lifted.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var config = JsonDocument.Parse(await lifted.Content.ReadAsStringAsync()))
        {
            config.RootElement.GetProperty("maxRequestRate").ValueKind.Should().Be(JsonValueKind.Null);
            config.RootElement.GetProperty("maxBatchSize").GetInt32().Should().Be(ProxyHarness.RuntimeBatch);
        }

        for (var i = 0; i < 5; i++)
        {
            (await proxy.PostAsync("/v1/chat/completions", Chat)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Another_batch_limit_is_refused_with_409_and_the_limit_in_force_is_accepted()
    {
        await using var proxy = await ProxyHarness.StartAsync();

        using var refused = await proxy.PutConfigAsync("""{"maxBatchSize":64,"maxRequestRate":5}""");

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using (var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            var error = body.RootElement.GetProperty("error");
            error.GetProperty("code").GetString().Should().Be("fixed_knob");
            error.GetProperty("message").GetString().Should().Contain($"fixed at {ProxyHarness.RuntimeBatch}").And.Contain("rolling restart");
        }

        using var get = new HttpRequestMessage(HttpMethod.Get, "/admin/config");
        get.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ProxyHarness.AdminToken);
        using var current = await proxy.Http.SendAsync(get);
        using (var config = JsonDocument.Parse(await current.Content.ReadAsStringAsync()))
        {
            config.RootElement.GetProperty("maxBatchSize").GetInt32().Should().Be(ProxyHarness.RuntimeBatch);
            config.RootElement.GetProperty("maxRequestRate").ValueKind.Should().Be(JsonValueKind.Null, "a refused PUT changes nothing");
        }

        (await proxy.PutConfigAsync($$"""{"maxBatchSize":{{ProxyHarness.RuntimeBatch}},"maxRequestRate":5}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await proxy.PutConfigAsync("""{"maxBatchedTokens":4096}""")).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var (_, samples) = await proxy.MetricsAsync();
        ProxyHarness.Value(samples, Defs.ConfigMaxRequestRate.Name).Should().Be(5);
        ProxyHarness.Value(samples, Defs.ConfigMaxBatchSize.Name).Should().Be(ProxyHarness.RuntimeBatch);
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData(null)]
    public async Task A_missing_or_wrong_admin_token_is_401_and_changes_nothing(string? token)
    {
        await using var proxy = await ProxyHarness.StartAsync();

        using var response = await proxy.PutConfigAsync("""{"maxRequestRate":1}""", token);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        (await proxy.Http.GetAsync("/admin/config")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        for (var i = 0; i < 3; i++)
        {
            (await proxy.PostAsync("/v1/chat/completions", Chat)).StatusCode.Should().Be(HttpStatusCode.OK, "the rate was not set");
        }
    }
}
