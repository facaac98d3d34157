using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s.Autorest;
using k8s.Models;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Client;

/// <summary>
/// Runs one call of the package's client the way <see cref="IKubernetesClient"/> promises: bounded by a request
/// timeout (<see cref="TimeoutException"/> past it), an error answer (<see cref="HttpOperationException"/>)
/// thrown as the typed <see cref="KubernetesApiException"/> for its Status, and 429 retried after its
/// Retry-After (at most <see cref="MaxThrottleRetries"/> times, each wait capped at 30 s).
/// </summary>
internal static class ApiCall
{
    internal const int MaxThrottleRetries = 3;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <param name="call">The package call, given a token that also fires at <paramref name="timeout"/>.</param>
    /// <param name="description">The operation, for the timeout message.</param>
    public static async Task<TResult> RunAsync<TResult>(Func<CancellationToken, Task<TResult>> call, TimeSpan timeout, string description, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            TimeSpan wait;
            using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (timeout != Timeout.InfiniteTimeSpan)
                {
                    bounded.CancelAfter(timeout);
                }

                try
                {
                    return await call(bounded.Token).ConfigureAwait(false);
                }
                catch (HttpOperationException ex)
                {
                    var error = ToApiException(ex);
                    if (error is not TooManyRequestsException throttled || attempt >= MaxThrottleRetries)
                    {
                        throw error;
                    }

                    wait = throttled.RetryAfter ?? TimeSpan.FromSeconds(1);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{description} took longer than {timeout}");
                }
            }

            await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The typed exception for an error answer; a body that is not a Status becomes one.</summary>
    public static KubernetesApiException ToApiException(HttpOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var response = exception.Response;
        var code = response?.StatusCode ?? HttpStatusCode.InternalServerError;
        var text = response?.Content ?? "";
        var status = ParseStatus(text);
        if (status is null || status.Kind != "Status")
        {
            status = new V1Status
            {
                Status = "Failure",
                Code = (int)code,
                Reason = response?.ReasonPhrase,
                Message = text.Length > 0 ? text : response?.ReasonPhrase ?? exception.Message,
            };
        }

        return KubernetesApiException.From(code, status, RetryAfter(response?.Headers));
    }

    /// <summary>The typed exception for a watch ERROR event's Status (e.g. 410 Gone for an expired resourceVersion).</summary>
    public static KubernetesApiException ToApiException(k8s.KubernetesException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.Status ?? new V1Status { Message = exception.Message, Code = 500 };
        return KubernetesApiException.From((HttpStatusCode)(status.Code ?? 500), status);
    }

    private static V1Status? ParseStatus(string text)
    {
        try
        {
            return text.Length > 0 ? JsonSerializer.Deserialize<V1Status>(text, ApiJson.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers)
    {
        var value = headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date - DateTimeOffset.UtcNow
            : null;
    }
}
