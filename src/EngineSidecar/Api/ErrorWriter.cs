using System.Text.Json;

namespace Sluice.Engine.Api;

/// <summary>Writes <c>{"error":{"message","type","param","code"}}</c> responses.</summary>
public static class ErrorWriter
{
    /// <summary>Writes <paramref name="error"/> as the response unless the response already started.</summary>
    public static async Task WriteAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.Body.WriteAsync(Serialize(error), context.RequestAborted);
    }

    /// <summary>The error body as UTF-8 JSON.</summary>
    public static byte[] Serialize(ApiException error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", error.Type);
            WriteNullable(json, "param", error.Param);
            WriteNullable(json, "code", error.Code);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
