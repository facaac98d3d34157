namespace Sluice.Kubernetes.Models;

/// <summary>CRD spec: group, names, scope ("Namespaced" or "Cluster") and versions.</summary>
public sealed class CustomResourceDefinitionSpec
{
    public string Group { get; set; } = "";

    public CustomResourceDefinitionNames Names { get; set; } = new();

    public string Scope { get; set; } = "Namespaced";

    public List<CustomResourceDefinitionVersion> Versions { get; set; } = [];
}
