using System.Net;
using System.Net.Http.Headers;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>Sends a GET for a file's bytes from an offset (Range) and hands the body over as a <see cref="RemotePayload"/>.</summary>
public static class HttpDownload
{
    /// <summary>
    /// Sends <paramref name="request"/> (owned from here on) with <c>Range: bytes=offset-</c> when the offset is positive.
    /// 206 continues at the offset; 200 starts over at 0; 416 (the file is already whole) is an empty payload at the offset.
    /// </summary>
    public static async Task<RemotePayload> OpenAsync(HttpClient http, HttpRequestMessage request, long offsetBytes, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        if (offsetBytes > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offsetBytes, null);
        }

        HttpResponseMessage? response = null;
        try
        {
            response = await HttpFailures.TransportAsync(what,
                () => http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && offsetBytes > 0)
            {
                response.Dispose();
                request.Dispose();
                return new RemotePayload(Stream.Null, offsetBytes);
            }

            await HttpFailures.EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
            var start = response.StatusCode == HttpStatusCode.PartialContent ? response.Content.Headers.ContentRange?.From ?? offsetBytes : 0;
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var owned = new Owned(response, request);
            response = null;
            return new RemotePayload(stream, start, owned);
        }
        finally
        {
            if (response is not null)
            {
                response.Dispose();
                request.Dispose();
            }
        }
    }

    private sealed class Owned(HttpResponseMessage response, HttpRequestMessage request) : IDisposable
    {
        public void Dispose()
        {
            response.Dispose();
            request.Dispose();
        }
    }
}
