using System.Net;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>422: validation rejected the object; <see cref="Causes"/> names the fields.</summary>
public sealed class InvalidException : KubernetesApiException
{
    public InvalidException(Status status)
        : base((HttpStatusCode)422, status)
    {
    }

    /// <summary>Field-level causes (field path, reason, message); empty when the server gave none.</summary>
    public IReadOnlyList<StatusCause> Causes => Status.Details?.Causes ?? [];
}
