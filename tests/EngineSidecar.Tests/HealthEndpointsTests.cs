using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Sluice.Engine.Api;

namespace Sluice.Engine.Tests;

public class HealthEndpointsTests
{
    [Fact]
    public async Task Models_lists_the_served_model_name()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build().MapHealthAndModels("tiny");
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        doc.RootElement.GetProperty("object").GetString().Should().Be("list");
        doc.RootElement.GetProperty("data")[0].GetProperty("id").GetString().Should().Be("tiny");
        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
