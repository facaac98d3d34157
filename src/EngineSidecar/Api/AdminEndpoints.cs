using System.Text.Json;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// <c>GET/PUT /admin/config</c>: the live knobs <c>{"maxBatchSize","maxRequestRate","maxBatchedTokens","sloTtftSeconds","sloTpotSeconds"}</c>
/// (the two SLO limits only judge finished requests for <c>sluice_requests_within_slo_total</c>; null = no limit).
/// Guarded by a bearer token (403 when none is configured, 401 when missing or wrong), looked up on every call so a
/// rotated token file is honoured at once (<see cref="AdminTokenSource"/>). A PUT may name any
/// subset of the fields; an explicit null maxRequestRate means unlimited. Applied at the engine's next step.
/// </summary>
public static class AdminEndpoints
{
    /// <param name="refuse">
    /// Given the configuration in force and the one a PUT asks for, the reason it cannot be applied (answered 409, nothing
    /// changes), or null; for servers where some knobs are fixed (the admission proxy's batch limit).
    /// </param>
    public static WebApplication MapAdmin(this WebApplication app, LiveConfig config, AdminTokenSource adminToken, long maxBodyBytes, Func<EngineConfig, EngineConfig, string?>? refuse = null)
    {
        app.MapGet("/admin/config", async context =>
        {
            Authorize(context, adminToken);
            await WriteAsync(context, config.Current);
        });
        app.MapPut("/admin/config", async context =>
        {
            Authorize(context, adminToken);
            var body = await RequestBody.ReadAsync(context.Request, maxBodyBytes, context.RequestAborted);
            var updated = Apply(config.Current, body);
            if (refuse?.Invoke(config.Current, updated) is { } reason)
            {
                throw new ApiException(StatusCodes.Status409Conflict, reason, "invalid_request_error", null, "fixed_knob");
            }

            config.Set(updated);
            await WriteAsync(context, updated);
        });
        return app;
    }

    /// <summary>Returns <paramref name="current"/> with the fields of the JSON <paramref name="body"/> applied; 400 on anything invalid.</summary>
    public static EngineConfig Apply(EngineConfig current, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest("the body is not valid JSON: " + ex.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest("the body must be a JSON object");
            }

            var updated = current;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                updated = property.Name switch
                {
                    "maxBatchSize" => updated with { MaxBatchSize = Int(value, property.Name) },
                    "maxBatchedTokens" => updated with { MaxBatchedTokens = Int(value, property.Name) },
                    "maxRequestRate" => updated with { MaxRequestRate = NullableNumber(value, property.Name) },
                    "sloTtftSeconds" => updated with { SloTtftSeconds = NullableNumber(value, property.Name) },
                    "sloTpotSeconds" => updated with { SloTpotSeconds = NullableNumber(value, property.Name) },
                    _ => throw ApiException.BadRequest(
                        $"unknown field '{property.Name}'; allowed: maxBatchSize, maxRequestRate, maxBatchedTokens, sloTtftSeconds, sloTpotSeconds", property.Name),
                };
            }

            if (updated.Validate() is { } error)
            {
                throw ApiException.BadRequest(error);
            }

            return updated;
        }
    }

    private static double? NullableNumber(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw ApiException.BadRequest($"{name} must be a number or null", name);

    private static int Int(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw ApiException.BadRequest($"{name} must be an integer", name);

    private static void Authorize(HttpContext context, AdminTokenSource tokens)
    {
        if (tokens.Current() is not { } adminToken)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, "the admin API is disabled: no admin token is configured", "permission_error", null, "admin_disabled");
        }

        if (!BearerAuth.Matches(context.Request, adminToken))
        {
            throw BearerAuth.Unauthorized("admin token");
        }
    }

    private static async Task WriteAsync(HttpContext context, EngineConfig config)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("maxBatchSize", config.MaxBatchSize);
            WriteNullable(json, "maxRequestRate", config.MaxRequestRate);

            json.WriteNumber("maxBatchedTokens", config.MaxBatchedTokens);
            WriteNullable(json, "sloTtftSeconds", config.SloTtftSeconds);
            WriteNullable(json, "sloTpotSeconds", config.SloTpotSeconds);
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
