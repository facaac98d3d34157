namespace Sluice.Kubernetes.Models;

/// <summary>meta/v1 LabelSelector.</summary>
public sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }

    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }
}
