using Prometheus;
using Sluice.Operator.Hosting;

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
    /// caches) and <c>/metrics</c> (prometheus-net's exporter of <paramref name="registry"/>).
    /// </summary>
    public static WebApplication MapOperatorEndpoints(this WebApplication app, OperatorState state, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(registry);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => state.Ready ? Results.Text("ok") : Results.Text(state.NotReadyReason ?? "not ready", statusCode: 503));
        app.MapMetrics("/metrics", registry);
        return app;
    }
}
