using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>403: authorization denied the request (or the namespace is terminating).</summary>
public sealed class ForbiddenException : KubernetesApiException
{
    public ForbiddenException(V1Status status)
        : base((HttpStatusCode)403, status)
    {
    }
}
