using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Sluice.Contracts.Metrics;
using Sluice.Controllers.Reconciling;
using Sluice.Operator.Hosting;

namespace Sluice.Operator.Tests;

public class OperatorEndpointsTests
{
    [Fact]
    public async Task Readyz_is_503_with_the_reason_until_the_worker_is_ready_and_metrics_show_reconciles()
    {
        var state = new OperatorState { NotReadyReason = "waiting for caches" };
        var metrics = new ReconcileMetrics();
        metrics.ObserveQueueDepth(() => 3);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build().MapOperatorEndpoints(state, metrics.Registry);
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

        metrics.Record(ReconcileResults.Success, TimeSpan.FromMilliseconds(12));
        using var response = await client.GetAsync("/metrics");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        var total = OperatorMetricDefinitions.ReconcileTotal.Name;
        var duration = OperatorMetricDefinitions.ReconcileDurationSeconds;
        text.Should().Contain($"# TYPE {total} counter\n").And.Contain($"{total}{{result=\"success\"}} 1\n")
            .And.Contain($"# TYPE {duration.Name} histogram\n")
            .And.Contain($"{duration.CountName}{{result=\"success\"}} 1\n")
            .And.Contain($"{duration.BucketName}{{result=\"success\",le=\"0.025\"}} 1\n")
            .And.Contain($"{OperatorMetricDefinitions.WorkqueueDepth.Name} 3\n")
            .And.Contain("process_cpu_seconds_total");
        foreach (var bound in duration.Buckets)
        {
            text.Should().Contain($"{duration.BucketName}{{result=\"success\",le=\"{bound.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"}}");
        }
    }
}
