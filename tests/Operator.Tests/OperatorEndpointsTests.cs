using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Sluice.Controllers.Reconciling;
using Sluice.Operator.Hosting;
using Sluice.Operator.Metrics;

namespace Sluice.Operator.Tests;

public class OperatorEndpointsTests
{
    [Fact]
    public async Task Readyz_is_503_with_the_reason_until_the_worker_is_ready_and_metrics_show_reconciles()
    {
        var state = new OperatorState { NotReadyReason = "waiting for caches" };
        using var metrics = new ReconcileMetrics();
        using var exporter = new PrometheusExporter(ReconcileMetrics.MeterName);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build().MapOperatorEndpoints(state, exporter);
        await app.StartAsync();
        using var client = app.GetTestClient();

        using (var notReady = await client.GetAsync("/readyz"))
        {
            notReady.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await notReady.Content.ReadAsStringAsync()).Should().Be("waiting for caches");
        }

        state.Ready = true;
        (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);

        metrics.Record("success", TimeSpan.FromMilliseconds(12));
        using var response = await client.GetAsync("/metrics");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain($"{ReconcileMetrics.ReconcileTotal}{{result=\"success\"}} 1")
            .And.Contain($"{ReconcileMetrics.ReconcileDuration}_count{{result=\"success\"}} 1");
    }
}
