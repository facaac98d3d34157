using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Sluice.Controllers.EngineApi;

namespace Sluice.Controllers.Tests.EngineApi;

/// <summary>The operator's engine clients against a small engine-shaped server on real Kestrel (loopback).</summary>
public sealed class EngineApiClientTests : IAsyncLifetime
{
    private const string Token = "s3cret";
    private WebApplication _app = null!;
    private Uri _baseUrl = null!;
    private string _config = """{"maxBatchSize":8,"maxRequestRate":null,"maxBatchedTokens":2048}""";
    private string _metrics = "sluice_time_to_first_token_seconds_bucket{le=\"0.1\"} 2\nsluice_time_to_first_token_seconds_bucket{le=\"+Inf\"} 3\n" +
        "sluice_time_per_output_token_seconds_bucket{le=\"+Inf\"} 3\nsluice_requests_waiting 5\n";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/metrics", () => Results.Text(_metrics));
        _app.MapGet("/admin/config", (HttpRequest r) => Authorized(r) ? Results.Text(_config, "application/json") : Results.StatusCode(401));
        _app.MapPut("/admin/config", async (HttpRequest r) =>
        {
            if (!Authorized(r))
            {
                return Results.StatusCode(401);
            }

            using var doc = await JsonDocument.ParseAsync(r.Body);
            var batch = doc.RootElement.GetProperty("maxBatchSize").GetInt32();
            var rate = doc.RootElement.GetProperty("maxRequestRate");
            _config = $$"""{"maxBatchSize":{{batch}},"maxRequestRate":{{(rate.ValueKind == JsonValueKind.Null ? "null" : rate.GetRawText())}},"maxBatchedTokens":2048}""";
            return Results.Text(_config, "application/json");
        });
        await _app.StartAsync();
        var address = _app.Services.GetService(typeof(IServer)) is IServer server ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First() : throw new InvalidOperationException();
        _baseUrl = new Uri(address + "/");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static bool Authorized(HttpRequest request) => request.Headers.Authorization == $"Bearer {Token}";

    [Fact]
    public async Task Admin_client_reads_and_sets_the_live_knobs()
    {
        using var http = new HttpClient();
        var client = new EngineAdminClient(http);

        (await client.GetAsync(_baseUrl, Token, CancellationToken.None)).Should().Be(new EngineLiveConfig(8, null, 2048));
        (await client.SetAsync(_baseUrl, Token, 4, 6.5, CancellationToken.None)).Should().Be(new EngineLiveConfig(4, 6.5, 2048));
        (await client.SetAsync(_baseUrl, Token, 4, null, CancellationToken.None)).MaxRequestRate.Should().BeNull();
    }

    [Fact]
    public async Task Admin_client_names_the_pod_and_status_on_a_wrong_token()
    {
        using var http = new HttpClient();
        var act = () => new EngineAdminClient(http).GetAsync(_baseUrl, "wrong", CancellationToken.None);
        (await act.Should().ThrowAsync<EngineApiException>()).WithMessage($"*{_baseUrl}admin/config*401*");
    }

    [Fact]
    public async Task Scraper_parses_metrics_and_rejects_a_malformed_page()
    {
        using var http = new HttpClient();
        var scraper = new EngineMetricsScraper(http, TimeProvider.System);

        var snapshot = await scraper.ScrapeAsync(_baseUrl, CancellationToken.None);
        snapshot.Ttft.Count.Should().Be(3);
        snapshot.RequestsWaiting.Should().Be(5);

        _metrics = "garbage line here";
        var act = () => scraper.ScrapeAsync(_baseUrl, CancellationToken.None);
        (await act.Should().ThrowAsync<EngineApiException>()).WithMessage("*metrics*line 1*");
    }

    [Fact]
    public async Task Scraper_reports_an_unreachable_pod()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var act = () => new EngineMetricsScraper(http, TimeProvider.System).ScrapeAsync(new Uri("http://127.0.0.1:1/"), CancellationToken.None);
        (await act.Should().ThrowAsync<EngineApiException>()).WithMessage("*127.0.0.1:1*");
    }
}
