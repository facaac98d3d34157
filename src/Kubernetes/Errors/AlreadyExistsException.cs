using System.Net;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>409 AlreadyExists: Create found an object with that name.</summary>
public sealed class AlreadyExistsException : KubernetesApiException
{
    public AlreadyExistsException(Status status)
        : base((HttpStatusCode)409, status)
    {
    }
}
