namespace Sluice.Kubernetes.Models;

/// <summary>apiextensions.k8s.io/v1 CustomResourceDefinition.</summary>
public sealed class CustomResourceDefinition : KubernetesObject
{
    public CustomResourceDefinition()
    {
        ApiVersion = "apiextensions.k8s.io/v1";
        Kind = "CustomResourceDefinition";
    }

    public CustomResourceDefinitionSpec Spec { get; set; } = new();

    public CustomResourceDefinitionStatus? Status { get; set; }
}
