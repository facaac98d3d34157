using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>401: the credentials were rejected.</summary>
public sealed class UnauthorizedException : KubernetesApiException
{
    public UnauthorizedException(V1Status status)
        : base((HttpStatusCode)401, status)
    {
    }
}
