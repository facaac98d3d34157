using System.Text.Json;

namespace Sluice.Engine.Api;

/// <summary>Liveness and model listing endpoints of the engine.</summary>
public static class HealthEndpoints
{
    /// <summary>
    /// Maps <c>/health</c> (process alive), <c>/v1/models/{id}</c> (the model object, 404 model_not_found for another id) and <c>/v1/models</c> listing <paramref name="servedModelName"/> with the
    /// weight quantization (none, fp8, int8, int4-awq, int4-gptq) and KV cache dtype (bf16, fp16, fp32, fp8) in force.
    /// </summary>
    public static WebApplication MapHealthAndModels(this WebApplication app, string servedModelName, int? maxModelTokens = null,
        string quantization = "none", string kvCacheDtype = "fp32")
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        app.MapGet("/health", () => Results.Text("ok"));
        var card = new ModelCard(servedModelName, created, maxModelTokens, quantization, kvCacheDtype);
        app.MapGet("/v1/models", context => WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            card.Write(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }));
        app.MapGet("/v1/models/{id}", (HttpContext context, string id) => id == servedModelName
            ? WriteAsync(context, card.Write)
            : throw new ApiException(StatusCodes.Status404NotFound, $"the model '{id}' does not exist; this server serves '{servedModelName}'", "invalid_request_error", "model", "model_not_found"));
        return app;
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    private sealed record ModelCard(string Id, long Created, int? MaxModelTokens, string Quantization, string KvCacheDtype)
    {
        public void Write(Utf8JsonWriter json)
        {
            json.WriteStartObject();
            json.WriteString("id", Id);
            json.WriteString("object", "model");
            json.WriteNumber("created", Created);
            json.WriteString("owned_by", "sluice");
            json.WriteString("quantization", Quantization);
            json.WriteString("kv_cache_dtype", KvCacheDtype);
            if (MaxModelTokens is { } tokens)
            {
                json.WriteNumber("max_model_len", tokens);
            }

            json.WriteEndObject();
        }
    }
}
