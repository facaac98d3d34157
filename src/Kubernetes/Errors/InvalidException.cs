using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>422: validation rejected the object; <see cref="Causes"/> names the fields.</summary>
public sealed class InvalidException : KubernetesApiException
{
    public InvalidException(V1Status status)
        : base((HttpStatusCode)422, status)
    {
    }

    /// <summary>Field-level causes (field path, reason, message); empty when the server gave none.</summary>
    public IReadOnlyList<V1StatusCause> Causes => Status.Details?.Causes is { } causes ? [.. causes] : [];
}
