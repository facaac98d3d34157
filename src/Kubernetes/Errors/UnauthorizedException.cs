using System.Net;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>401: the credentials were rejected.</summary>
public sealed class UnauthorizedException : KubernetesApiException
{
    public UnauthorizedException(Status status)
        : base((HttpStatusCode)401, status)
    {
    }
}
