using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Client;

/// <summary>
/// Request plumbing of the client over the package's <see cref="k8s.Kubernetes"/>: its HttpClient (TLS per the
/// configuration) and its credentials (token, token file, exec plugin) on every request; error answers mapped
/// to typed exceptions, 429 retried after Retry-After (at most <see cref="MaxThrottleRetries"/> times).
/// </summary>
internal sealed class ApiTransport
{
    internal const int MaxThrottleRetries = 3;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
    private readonly k8s.Kubernetes _api;
    private readonly string _baseUri;
    private readonly TimeSpan _requestTimeout;

    /// <param name="api">Connection and credentials; owned by the caller.</param>
    /// <param name="requestTimeout">Timeout of one non-watch request.</param>
    public ApiTransport(k8s.Kubernetes api, TimeSpan requestTimeout)
    {
        _api = api;
        _baseUri = api.BaseUri.ToString().TrimEnd('/');
        _requestTimeout = requestTimeout;
    }

    /// <summary>
    /// Sends a request and returns a successful response (headers read; the body not yet). Error answers
    /// are thrown as typed exceptions. <paramref name="streaming"/> lifts the request timeout (watches).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, string? contentType, bool streaming, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!streaming)
            {
                timeout.CancelAfter(_requestTimeout);
            }

            using var request = new HttpRequestMessage(method, new Uri(_baseUri + pathAndQuery));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }

            HttpResponseMessage response;
            try
            {
                if (_api.Credentials is { } credentials)
                {
                    await credentials.ProcessHttpRequestAsync(request, timeout.Token).ConfigureAwait(false);
                }

                response = await _api.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{method} {pathAndQuery} took longer than {_requestTimeout}");
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                if (error is TooManyRequestsException throttled && attempt < MaxThrottleRetries)
                {
                    var wait = throttled.RetryAfter ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw error;
            }
        }
    }

    private static async Task<KubernetesApiException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        Status? status = null;
        try
        {
            status = text.Length > 0 ? JsonSerializer.Deserialize(text, KubernetesJsonContext.Default.Status) : null;
        }
        catch (JsonException)
        {
            status = null;
        }

        if (status is null || status.Kind != "Status")
        {
            status = new Status
            {
                StatusValue = "Failure",
                Code = (int)response.StatusCode,
                Reason = response.ReasonPhrase,
                Message = text.Length > 0 ? text : response.ReasonPhrase,
            };
        }

        TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta;
        if (retryAfter is null && response.Headers.RetryAfter?.Date is { } date)
        {
            retryAfter = date - DateTimeOffset.UtcNow;
        }

        return KubernetesApiException.From(response.StatusCode, status, retryAfter);
    }

    internal static string Query(params (string Key, string? Value)[] pairs)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
