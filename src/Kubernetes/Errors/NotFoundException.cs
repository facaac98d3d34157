using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>404: the object (or its namespace, or the type) does not exist.</summary>
public sealed class NotFoundException : KubernetesApiException
{
    public NotFoundException(V1Status status)
        : base((HttpStatusCode)404, status)
    {
    }
}
