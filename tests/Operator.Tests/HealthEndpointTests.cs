using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Sluice.Operator.Tests;

public class HealthEndpointTests
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Probe_endpoints_answer_ok(string path)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build().MapHealth();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("ok");
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build().MapHealth();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/nope");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
