using System.Diagnostics;
using Sluice.Contracts.Metrics;
using Sluice.Engine.Api;

namespace Sluice.Engine.Proxy;

/// <summary>
/// Forwards one OpenAI API request to the runtime after admission (503 while draining, 429 with Retry-After above the
/// admitted rate), streaming both bodies so server-sent events pass through chunk by chunk. Counts each request's outcome
/// (finished for 2xx; rejected_rate for the proxy's and the runtime's 429s; rejected_invalid for other 4xx; error for 5xx
/// and an unreachable runtime, answered 502) and times the first chunk of streamed responses as TTFT.
/// </summary>
public sealed class ForwardingHandler(HttpClient upstream, Uri upstreamBase, RequestRateGate rate, ProxyMetrics metrics, Func<bool> draining)
{
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
        catch (HttpRequestException ex)
        {
            metrics.CountRequest(RequestOutcomes.Error);
            throw new ApiException(StatusCodes.Status502BadGateway, $"the runtime behind the admission proxy did not answer: {ex.Message}", "server_error", null, "upstream_unreachable");
        }

        using (response)
        {
            await RelayAsync(context, response, arrived);
        }
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
            // The runtime dropped the stream after the headers went out: nothing can be sent but the end of the response.
            metrics.CountRequest(RequestOutcomes.Error);
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
}
