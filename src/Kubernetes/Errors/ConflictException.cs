using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>409: a write lost an optimistic-concurrency race (stale resourceVersion or failed precondition); re-read and retry.</summary>
public sealed class ConflictException : KubernetesApiException
{
    public ConflictException(V1Status status)
        : base((HttpStatusCode)409, status)
    {
    }
}
