namespace Sluice.Engine.Api;

/// <summary>Liveness and model listing endpoints of the engine.</summary>
public static class HealthEndpoints
{
    /// <summary>Maps <c>/health</c> (process alive) and <c>/v1/models</c> listing <paramref name="servedModelName"/>.</summary>
    public static WebApplication MapHealthAndModels(this WebApplication app, string servedModelName)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = new[] { new { id = servedModelName, @object = "model", created, owned_by = "sluice" } },
        }));
        return app;
    }
}
