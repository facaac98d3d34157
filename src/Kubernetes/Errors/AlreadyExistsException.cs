using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>409 AlreadyExists: Create found an object with that name.</summary>
public sealed class AlreadyExistsException : KubernetesApiException
{
    public AlreadyExistsException(V1Status status)
        : base((HttpStatusCode)409, status)
    {
    }
}
