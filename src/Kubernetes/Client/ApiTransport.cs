using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Sluice.Kubernetes.Configuration;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Client;

/// <summary>
/// HTTP plumbing of the client: TLS and bearer token per the configuration, error answers mapped to typed
/// exceptions, 429 retried after Retry-After (at most <see cref="MaxThrottleRetries"/> times).
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    internal const int MaxThrottleRetries = 3;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly KubernetesClientConfiguration _configuration;

    public ApiTransport(KubernetesClientConfiguration configuration)
    {
        _configuration = configuration;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ValidateServer,
            },
        };
        if (configuration.ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [configuration.ClientCertificate];
        }

        _http = new HttpClient(handler) { BaseAddress = configuration.Server, Timeout = Timeout.InfiniteTimeSpan };
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
                timeout.CancelAfter(_configuration.RequestTimeout);
            }

            using var request = new HttpRequestMessage(method, pathAndQuery);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_configuration.Token is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetToken());
            }

            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{method} {pathAndQuery} took longer than {_configuration.RequestTimeout}");
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

    public void Dispose() => _http.Dispose();

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

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_configuration.SkipTlsVerify || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (_configuration.CertificateAuthorities is not { Count: > 0 } cas || certificate is null
            || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(cas);
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
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
