namespace Sluice.Kubernetes.Models;

/// <summary>JSON paths the scale subresource maps to, e.g. ".spec.replicas".</summary>
public sealed class CustomResourceSubresourceScale
{
    public string SpecReplicasPath { get; set; } = "";

    public string StatusReplicasPath { get; set; } = "";

    public string? LabelSelectorPath { get; set; }
}
