using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>410 Gone/Expired: the resourceVersion is too old (compacted); a watcher must relist.</summary>
public sealed class GoneException : KubernetesApiException
{
    public GoneException(V1Status status)
        : base((HttpStatusCode)410, status)
    {
    }
}
