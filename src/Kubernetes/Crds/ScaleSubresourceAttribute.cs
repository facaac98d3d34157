namespace Sluice.Kubernetes.Crds;

/// <summary>Enables the scale subresource (kubectl scale, HorizontalPodAutoscaler) with the given JSON paths.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ScaleSubresourceAttribute : Attribute
{
    public ScaleSubresourceAttribute(string specReplicasPath, string statusReplicasPath)
    {
        SpecReplicasPath = specReplicasPath;
        StatusReplicasPath = statusReplicasPath;
    }

    /// <summary>E.g. ".spec.scaling.replicas".</summary>
    public string SpecReplicasPath { get; }

    /// <summary>E.g. ".status.replicas".</summary>
    public string StatusReplicasPath { get; }

    /// <summary>Path of a label selector string in status, e.g. ".status.selector"; null for none.</summary>
    public string? LabelSelectorPath { get; init; }
}
