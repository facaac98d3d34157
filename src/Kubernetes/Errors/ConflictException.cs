using System.Net;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>409: a write lost an optimistic-concurrency race (stale resourceVersion or failed precondition); re-read and retry.</summary>
public sealed class ConflictException : KubernetesApiException
{
    public ConflictException(Status status)
        : base((HttpStatusCode)409, status)
    {
    }
}
