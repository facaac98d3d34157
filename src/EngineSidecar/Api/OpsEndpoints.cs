using System.Diagnostics;
using Prometheus;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// <c>/ready</c> (engine loop alive and progressing, not draining) and <c>/metrics</c> (prometheus-net's exporter of the
/// engine's registry: Prometheus text 0.0.4, or OpenMetrics when the scraper asks for it).
/// </summary>
public static class OpsEndpoints
{
    public static WebApplication MapOps(this WebApplication app, EngineLoop loop, AdmissionControl admission, CollectorRegistry registry, TimeSpan stallTimeout)
    {
        app.MapGet("/ready", () =>
        {
            var reason = NotReadyReason(loop, admission, stallTimeout);
            return reason is null
                ? Results.Text("ready")
                : Results.Text(reason, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapMetrics("/metrics", registry);
        return app;
    }

    /// <summary>Null when ready; otherwise why not.</summary>
    public static string? NotReadyReason(EngineLoop loop, AdmissionControl admission, TimeSpan stallTimeout)
    {
        if (admission.IsDraining)
        {
            return "draining";
        }

        if (!loop.IsAlive)
        {
            return "the engine loop is not running";
        }

        var sinceProgress = Stopwatch.GetElapsedTime(loop.LastProgressTimestamp);
        return loop.HasWork && sinceProgress > stallTimeout
            ? $"the engine loop made no progress for {sinceProgress.TotalSeconds:F1} s"
            : null;
    }
}
