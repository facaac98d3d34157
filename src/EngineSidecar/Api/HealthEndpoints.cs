using System.Text.Json;

namespace Sluice.Engine.Api;

/// <summary>Liveness and model listing endpoints of the engine.</summary>
public static class HealthEndpoints
{
    /// <summary>
    /// Maps <c>/health</c> (process alive) and <c>/v1/models</c> listing <paramref name="servedModelName"/> with the
    /// weight quantization (none, fp8, int8, int4-awq, int4-gptq) and KV cache dtype (bf16, fp16, fp32, fp8) in force.
    /// </summary>
    public static WebApplication MapHealthAndModels(this WebApplication app, string servedModelName, int? maxModelTokens = null,
        string quantization = "none", string kvCacheDtype = "fp32")
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/v1/models", async context =>
        {
            context.Response.ContentType = "application/json";
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("object", "list");
                json.WriteStartArray("data");
                json.WriteStartObject();
                json.WriteString("id", servedModelName);
                json.WriteString("object", "model");
                json.WriteNumber("created", created);
                json.WriteString("owned_by", "sluice");
                json.WriteString("quantization", quantization);
                json.WriteString("kv_cache_dtype", kvCacheDtype);
                if (maxModelTokens is { } tokens)
                {
                    json.WriteNumber("max_model_len", tokens);
                }

                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
        });
        return app;
    }
}
