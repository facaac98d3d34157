using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Engine.Api;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Tests.Api;

public class OpsAndAdminTests
{
    private const string AdminToken = "admin-secret";

    [Fact]
    public async Task Metrics_expose_the_contract_names_with_fine_histogram_buckets()
    {
        await using var server = await ServerHarness.StartAsync();
        using (var response = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":5,"temperature":0}"""))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var metrics = await server.Http.GetAsync("/metrics");
        metrics.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await metrics.Content.ReadAsStringAsync();

        // One request with 5 output tokens: one sample each, except 4 gaps between its tokens.
        foreach (var (histogram, count) in new[]
        {
            ("sluice_time_to_first_token_seconds", 1), ("sluice_time_per_output_token_seconds", 1), ("sluice_inter_token_latency_seconds", 4),
            ("sluice_e2e_request_latency_seconds", 1), ("sluice_request_queue_time_seconds", 1),
        })
        {
            text.Should().Contain($"# TYPE {histogram} histogram");
            text.Should().Contain($"{histogram}_count {count}\n");
            text.Should().Contain($"{histogram}_bucket{{le=\"+Inf\"}} {count}\n");
        }

        foreach (var name in new[] { "sluice_requests_running", "sluice_requests_waiting", "sluice_kv_cache_usage_ratio", "sluice_batch_size", "sluice_config_max_batch_size", "sluice_config_max_request_rate" })
        {
            text.Should().Contain($"# TYPE {name} gauge");
        }

        text.Should().Contain("sluice_prompt_tokens_total 3").And.Contain("sluice_generation_tokens_total 5");
        text.Should().Contain("sluice_requests_total{outcome=\"finished\"} 1").And.Contain("# TYPE sluice_preemptions_total counter");
        Buckets(text, "sluice_time_to_first_token_seconds").Should().HaveCountGreaterThanOrEqualTo(20).And.Contain([0.005, 60]);
        Buckets(text, "sluice_time_per_output_token_seconds").Should().HaveCountGreaterThanOrEqualTo(20).And.Contain([0.001, 1]);
    }

    [Theory]
    [InlineData(1, 8, 16384)]
    [InlineData(4, 16, 65536)]
    [InlineData(2, 32, 32768)]
    public async Task Metrics_export_the_kv_cache_capacity_in_tokens(int kvCacheMemoryMb, int blockSize, long expectedTokens)
    {
        // The fake runner needs 64 bytes per position: capacity = MiB · 2^20 / 64 tokens, whatever the block size.
        await using var server = await ServerHarness.StartAsync(new ServeOptions { KvCacheMemoryMb = kvCacheMemoryMb, BlockSize = blockSize });

        var text = await server.Http.GetStringAsync("/metrics");

        text.Should().Contain("# TYPE sluice_kv_cache_capacity_tokens gauge");
        (await server.MetricAsync("sluice_kv_cache_capacity_tokens")).Should().Be(expectedTokens);
        var blocks = server.Components.Engine.Blocks;
        ((long)blocks.NumBlocks * blocks.BlockSize).Should().Be(expectedTokens);
    }

    [Fact]
    public async Task Admin_config_reads_and_updates_the_live_knobs_behind_a_bearer_token()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { AdminToken = AdminToken, MaxBatchSize = 8, MaxBatchedTokens = 256 });

        (await Send(server, HttpMethod.Get, null, null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Send(server, HttpMethod.Get, "wrong", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using (var current = await Send(server, HttpMethod.Get, AdminToken, null))
        {
            (await current.Content.ReadAsStringAsync()).Should().Be("""{"maxBatchSize":8,"maxRequestRate":null,"maxBatchedTokens":256,"sloTtftSeconds":null,"sloTpotSeconds":null}""");
        }

        using (var updated = await Send(server, HttpMethod.Put, AdminToken, """{"maxBatchSize":3,"maxRequestRate":2.5,"maxBatchedTokens":64}"""))
        {
            updated.StatusCode.Should().Be(HttpStatusCode.OK);
            (await updated.Content.ReadAsStringAsync()).Should().Be("""{"maxBatchSize":3,"maxRequestRate":2.5,"maxBatchedTokens":64,"sloTtftSeconds":null,"sloTpotSeconds":null}""");
        }

        server.Components.Config.Current.Should().Be(new EngineConfig(3, 2.5, 64));
        (await server.MetricAsync("sluice_config_max_batch_size")).Should().Be(3);
        (await server.MetricAsync("sluice_config_max_request_rate")).Should().Be(2.5);

        using (var partial = await Send(server, HttpMethod.Put, AdminToken, """{"maxRequestRate":null}"""))
        {
            (await partial.Content.ReadAsStringAsync()).Should().Be("""{"maxBatchSize":3,"maxRequestRate":null,"maxBatchedTokens":64,"sloTtftSeconds":null,"sloTpotSeconds":null}""");
        }
    }

    [Fact]
    public async Task Finished_requests_are_judged_against_the_slo_limits_pushed_through_admin_config()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { AdminToken = AdminToken });
        const string Body = """{"prompt":"abc","max_tokens":3}""";
        (await server.PostAsync("/v1/completions", Body)).EnsureSuccessStatusCode();
        (await server.MetricAsync("sluice_requests_slo_judged_total")).Should().Be(0, "nothing is judged while no limit is set");

        using (var loose = await Send(server, HttpMethod.Put, AdminToken, """{"sloTtftSeconds":60,"sloTpotSeconds":60}"""))
        {
            (await loose.Content.ReadAsStringAsync()).Should().Contain("\"sloTtftSeconds\":60").And.Contain("\"sloTpotSeconds\":60");
        }

        (await server.PostAsync("/v1/completions", Body)).EnsureSuccessStatusCode();
        (await server.MetricAsync("sluice_requests_slo_judged_total")).Should().Be(1);
        (await server.MetricAsync("sluice_requests_within_slo_total")).Should().Be(1);

        (await Send(server, HttpMethod.Put, AdminToken, """{"sloTtftSeconds":1e-9}""")).EnsureSuccessStatusCode();
        (await server.PostAsync("/v1/completions", Body)).EnsureSuccessStatusCode();
        (await server.MetricAsync("sluice_requests_slo_judged_total")).Should().Be(2);
        (await server.MetricAsync("sluice_requests_within_slo_total")).Should().Be(1, "no request reaches its first token within a nanosecond");
    }

    [Theory]
    [InlineData("""{"maxBatchSize":0}""", "maxBatchSize")]
    [InlineData("""{"maxBatchSize":"big"}""", "maxBatchSize")]
    [InlineData("""{"maxBatchedTokens":-1}""", "maxBatchedTokens")]
    [InlineData("""{"maxRequestRate":-3}""", "maxRequestRate")]
    [InlineData("""{"maxRequestRate":"fast"}""", "maxRequestRate")]
    [InlineData("""{"sloTtftSeconds":0}""", "sloTtftSeconds")]
    [InlineData("""{"sloTpotSeconds":"fast"}""", "sloTpotSeconds")]
    [InlineData("""{"batch":1}""", "unknown field")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{oops""", "not valid JSON")]
    public async Task Admin_config_rejects_invalid_documents_and_keeps_the_old_values(string body, string messagePart)
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { AdminToken = AdminToken });
        var before = server.Components.Config.Current;

        using var response = await Send(server, HttpMethod.Put, AdminToken, body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain(messagePart);
        server.Components.Config.Current.Should().Be(before);
    }

    [Fact]
    public async Task Admin_api_is_forbidden_without_a_configured_token()
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await Send(server, HttpMethod.Get, "anything", null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Api_key_guards_the_openai_endpoints_but_not_health()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { ApiKey = "sk-test" });
        const string Body = """{"prompt":"abc","max_tokens":2}""";

        using (var missing = await server.PostAsync("/v1/completions", Body))
        {
            missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            using var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
            error.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("invalid_api_key");
        }

        (await server.PostAsync("/v1/completions", Body, bearer: "sk-wrong")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await server.Http.GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await server.PostAsync("/v1/completions", Body, bearer: "sk-test")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await server.Http.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await server.Http.GetAsync("/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Models_lists_the_served_model_name_override()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { ServedModelName = "my-llm" });

        using var models = JsonDocument.Parse(await server.Http.GetStringAsync("/v1/models"));
        models.RootElement.GetProperty("data")[0].GetProperty("id").GetString().Should().Be("my-llm");

        using var wrong = await server.PostAsync("/v1/completions", """{"model":"fake-model","prompt":"a"}""");
        wrong.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static List<double> Buckets(string text, string histogram) =>
        [.. text.Split('\n')
            .Where(l => l.StartsWith(histogram + "_bucket{le=\"", StringComparison.Ordinal) && !l.Contains("+Inf", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split('"')[1], CultureInfo.InvariantCulture))];

    private static Task<HttpResponseMessage> Send(ServerHarness server, HttpMethod method, string? token, string? body)
    {
        var request = new HttpRequestMessage(method, "/admin/config");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return server.Http.SendAsync(request);
    }
}
