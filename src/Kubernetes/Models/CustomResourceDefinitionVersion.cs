namespace Sluice.Kubernetes.Models;

/// <summary>One served version of a CRD with its structural schema.</summary>
public sealed class CustomResourceDefinitionVersion
{
    public string Name { get; set; } = "";

    public bool Served { get; set; } = true;

    /// <summary>Exactly one version of a CRD is the storage version.</summary>
    public bool Storage { get; set; } = true;

    public CustomResourceValidation? Schema { get; set; }

    public CustomResourceSubresources? Subresources { get; set; }

    public List<CustomResourceColumnDefinition>? AdditionalPrinterColumns { get; set; }
}
