using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>429: throttled. The client already waited <see cref="RetryAfter"/> and retried before throwing.</summary>
public sealed class TooManyRequestsException : KubernetesApiException
{
    public TooManyRequestsException(V1Status status, TimeSpan? retryAfter)
        : base((HttpStatusCode)429, status)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>The server's Retry-After hint, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
