namespace Sluice.Engine.Api;

/// <summary>A request the server refuses with a 4xx (or 503) and an OpenAI-style error body.</summary>
/// <param name="statusCode">HTTP status.</param>
/// <param name="type">OpenAI error type, e.g. invalid_request_error.</param>
/// <param name="param">The offending request field, if one.</param>
/// <param name="code">Machine-readable code, if one.</param>
/// <param name="retryAfterSeconds">Sent as Retry-After when set.</param>
public sealed class ApiException(int statusCode, string message, string type, string? param = null, string? code = null, int? retryAfterSeconds = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    /// <summary>400 invalid_request_error about <paramref name="param"/>.</summary>
    public static ApiException BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);
}
