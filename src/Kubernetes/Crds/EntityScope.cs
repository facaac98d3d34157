namespace Sluice.Kubernetes.Crds;

/// <summary>Whether objects of a custom resource live in a namespace or cluster-wide.</summary>
public enum EntityScope
{
    Namespaced,
    Cluster,
}
