namespace Sluice.Operator;

/// <summary>Builds the operator's web host: health endpoints for the kubelet's probes.</summary>
public static class OperatorHost
{
    /// <summary>Maps <c>/healthz</c> (process alive) and <c>/readyz</c> (ready to serve) on <paramref name="app"/>.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => Results.Text("ok"));
        return app;
    }
}
