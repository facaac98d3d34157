using System.Net;
using System.Net.Sockets;
using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>Turns HTTP answers and transport errors into <see cref="FetchFailure"/>s with the right kind.</summary>
public static class HttpFailures
{
    /// <summary>
    /// Throws for a non-success <paramref name="response"/>: 401/403 credentials, 404 not found, 5xx/408/429 unreachable,
    /// anything else invalid; the message names <paramref name="what"/>, the status and the server's error text.
    /// </summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await BodyTextAsync(response, cancellationToken).ConfigureAwait(false);
        var code = (int)response.StatusCode;
        var detail = response.Headers.TryGetValues("X-Error-Message", out var hubMessage) ? string.Join(" ", hubMessage) : body;
        var text = $"{what} answered {code} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}";
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new FetchFailure(FetchErrorKind.CredentialsRejected, text),
            HttpStatusCode.NotFound => new FetchFailure(FetchErrorKind.RevisionNotFound, text),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => new FetchFailure(FetchErrorKind.SourceUnreachable, text),
            _ when code >= 500 => new FetchFailure(FetchErrorKind.SourceUnreachable, text),
            _ => new FetchFailure(FetchErrorKind.SourceInvalid, text),
        };
    }

    /// <summary>Runs <paramref name="send"/>, turning transport errors (DNS, refused, reset, timeout) into SourceUnreachable.</summary>
    public static async Task<T> TransportAsync<T>(string what, Func<Task<T>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new FetchFailure(FetchErrorKind.SourceUnreachable, $"{what} cannot be reached: {Reason(ex)}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchFailure(FetchErrorKind.SourceUnreachable, $"{what} did not answer in time", ex);
        }
    }

    private static string Reason(HttpRequestException ex) =>
        ex.InnerException is SocketException socket ? $"{socket.SocketErrorCode} ({ex.Message})" : ex.Message;

    private static async Task<string> BodyTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = text.Trim();
            return text.Length > 300 ? text[..300] + "…" : text;
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
