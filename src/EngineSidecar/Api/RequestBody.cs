using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Engine.Api;

/// <summary>Reads a JSON request body under the size limit and turns every failure into a 4xx <see cref="ApiException"/>.</summary>
public static class RequestBody
{
    /// <summary>Reads the whole body; 413 when it exceeds <paramref name="maxBodyBytes"/>.</summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw TooLarge(maxBodyBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBodyBytes)
                {
                    throw TooLarge(maxBodyBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxBodyBytes);
        }

        return buffer.ToArray();
    }

    /// <summary>Deserializes <paramref name="body"/>; 400 naming the field for malformed JSON or a wrong type.</summary>
    public static T Parse<T>(byte[] body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (body.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty; send a JSON object");
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw ApiException.BadRequest("the request body must be a JSON object, not null");
        }
        catch (JsonException ex)
        {
            var param = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            var what = param is null
                ? "the request body is not valid JSON for this endpoint"
                : $"'{param}' has the wrong type or an invalid value";
            throw ApiException.BadRequest($"{what} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", param);
        }
    }

    private static ApiException TooLarge(long maxBodyBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the request body exceeds the limit of {maxBodyBytes} bytes", "invalid_request_error", null, "request_too_large");
}
