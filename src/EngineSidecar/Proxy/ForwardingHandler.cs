using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Sluice.Contracts.Metrics;
using Sluice.Engine.Api;

namespace Sluice.Engine.Proxy;

/// <summary>
/// Forwards one OpenAI API request to the runtime after admission (503 while draining, 429 with Retry-After above the admitted
/// rate, 413 for a body over Kestrel's limit, told by its Content-Length or met while streaming it), streaming both bodies so
/// server-sent events pass through chunk by chunk. The runtime's 2xx and 4xx answers are relayed as they are; its 5xx answers
/// become the proxy's own OpenAI-style error naming the runtime (503 stays 503 with the runtime's Retry-After, any other 5xx is
/// 502), and so does a runtime that cannot be reached (502). A stream the runtime cuts before its first byte is a 502; one cut
/// later ends with an SSE <c>error</c> event and a connection closed without the end of the body, never a clean end (so no
/// client mistakes it for a complete answer). Counts each request's outcome (finished for 2xx; rejected_rate for the proxy's
/// and the runtime's 429s; rejected_invalid for other 4xx and bodies over the limit; error for 5xx, an unreachable runtime and a
/// cut stream; aborted when the client went away, which also cancels the runtime's request) and times the first chunk of
/// streamed 2xx responses as TTFT.
/// </summary>
public sealed class ForwardingHandler(HttpClient upstream, Uri upstreamBase, RequestRateGate rate, ProxyMetrics metrics, Func<bool> draining)
{
    /// <summary>Most characters of a failing runtime's body quoted in the proxy's error message.</summary>
    public const int QuotedBodyChars = 300;

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Host", "Content-Length",
    };

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (draining())
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "the server is shutting down and admits no new requests", "service_unavailable", null, "draining", 5);
        }

        if (context.Request.ContentLength is { } length && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit && length > limit)
        {
            metrics.CountRequest(RequestOutcomes.RejectedInvalid);
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"the request body of {length} bytes is over the limit of {limit} bytes", "invalid_request_error", null, "request_too_large");
        }

        rate.Admit(() => metrics.CountRequest(RequestOutcomes.RejectedRate));
        var arrived = Stopwatch.GetTimestamp();
        using var inFlight = metrics.TrackInFlight();
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(upstreamBase, context.Request.Path + context.Request.QueryString));
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException ex) when (InnerBadRequest(ex) is { } bad)
        {
            // Reading the client's body failed (a chunked body over the limit, a malformed body): the client's fault, not the runtime's.
            metrics.CountRequest(RequestOutcomes.RejectedInvalid);
            throw bad;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            metrics.CountRequest(RequestOutcomes.Error);
            throw new ApiException(StatusCodes.Status502BadGateway, $"the runtime at {upstreamBase} did not answer: {ex.Message}", "server_error", null, "upstream_unreachable");
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                metrics.CountRequest(RequestOutcomes.Error);
                throw await UpstreamFailureAsync(response, context.RequestAborted);
            }

            await RelayAsync(context, response, arrived);
        }
    }

    private static BadHttpRequestException? InnerBadRequest(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }

    /// <summary>The proxy's error for a 5xx of the runtime: the runtime's status and the start of its body, nothing hidden.</summary>
    private async Task<ApiException> UpstreamFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string quoted;
        try
        {
            quoted = await ReadPrefixAsync(response.Content, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            quoted = string.Empty;
        }

        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? Math.Max(1, (int)Math.Ceiling(delta.TotalSeconds)) : (int?)null;
        var message = $"the runtime at {upstreamBase} answered {status} {response.ReasonPhrase}" + (quoted.Length > 0 ? ": " + quoted : string.Empty);
        return status == StatusCodes.Status503ServiceUnavailable
            ? new ApiException(status, message, "service_unavailable", null, "upstream_unavailable", retryAfter ?? 1)
            : new ApiException(StatusCodes.Status502BadGateway, message, "server_error", null, "upstream_error", retryAfter);
    }

    private static async Task<string> ReadPrefixAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[QuotedBodyChars * 4];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, filled).ReplaceLineEndings(" ").Trim();
        return text.Length > QuotedBodyChars ? text[..QuotedBodyChars] + "…" : text;
    }

    private async Task RelayAsync(HttpContext context, HttpResponseMessage response, long arrived)
    {
        var status = (int)response.StatusCode;
        context.Response.StatusCode = status;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        var streamed = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
        var buffer = new byte[16 * 1024];
        var first = true;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (first && streamed && status is >= 200 and < 300)
                {
                    metrics.TimeToFirstTokenSeconds.Observe(Stopwatch.GetElapsedTime(arrived).TotalSeconds);
                }

                first = false;
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                if (streamed)
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !context.RequestAborted.IsCancellationRequested)
        {
            metrics.CountRequest(RequestOutcomes.Error);
            await EndCutResponseAsync(context, streamed, ex);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            metrics.CountRequest(RequestOutcomes.Aborted);
            return;
        }

        metrics.CountRequest(status switch
        {
            >= 200 and < 300 => RequestOutcomes.Finished,
            StatusCodes.Status429TooManyRequests => RequestOutcomes.RejectedRate,
            >= 400 and < 500 => RequestOutcomes.RejectedInvalid,
            _ => RequestOutcomes.Error,
        });
    }

    /// <summary>
    /// The runtime dropped the body: a 502 while nothing was sent yet; otherwise an SSE error event (streams) and a body that
    /// never ends (<see cref="BrokenResponseException"/>: the connection closes), so the client's read fails instead of seeing
    /// a complete response.
    /// </summary>
    private async Task EndCutResponseAsync(HttpContext context, bool streamed, Exception cause)
    {
        var error = new ApiException(
            StatusCodes.Status502BadGateway, $"the runtime at {upstreamBase} cut the response short: {cause.Message}", "server_error", null, "upstream_disconnected");
        if (!context.Response.HasStarted)
        {
            throw error;
        }

        if (streamed)
        {
            try
            {
                var payload = Encoding.UTF8.GetBytes("data: " + Encoding.UTF8.GetString(ErrorWriter.Serialize(error)) + "\n\n");
                await context.Response.Body.WriteAsync(payload, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client is gone as well; closing the connection is all that is left.
            }
        }

        throw new BrokenResponseException(error.Message, cause);
    }
}
