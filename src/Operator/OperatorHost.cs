using Sluice.Operator.Hosting;
using Sluice.Operator.Metrics;

namespace Sluice.Operator;

/// <summary>Builds the operator's web endpoints: health for the kubelet's probes and Prometheus metrics.</summary>
public static class OperatorHost
{
    /// <summary>Maps <c>/healthz</c> (process alive) and <c>/readyz</c> (always ready; for a host without a worker).</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => Results.Text("ok"));
        return app;
    }

    /// <summary>
    /// Maps <c>/healthz</c>, <c>/readyz</c> (503 with the reason until the worker stands by or leads with synced
    /// caches) and <c>/metrics</c> (Prometheus text of <paramref name="exporter"/>).
    /// </summary>
    public static WebApplication MapOperatorEndpoints(this WebApplication app, OperatorState state, PrometheusExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(exporter);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => state.Ready ? Results.Text("ok") : Results.Text(state.NotReadyReason ?? "not ready", statusCode: 503));
        app.MapGet("/metrics", () => Results.Text(exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
