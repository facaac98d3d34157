using System.Net;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>404: the object (or its namespace, or the type) does not exist.</summary>
public sealed class NotFoundException : KubernetesApiException
{
    public NotFoundException(Status status)
        : base((HttpStatusCode)404, status)
    {
    }
}
