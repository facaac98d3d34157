namespace Sluice.Kubernetes.Models;

/// <summary>CRD names: plural (the URL segment), singular, kind, listKind, short names, categories.</summary>
public sealed class CustomResourceDefinitionNames
{
    public string Plural { get; set; } = "";

    public string? Singular { get; set; }

    public string Kind { get; set; } = "";

    public string? ListKind { get; set; }

    public List<string>? ShortNames { get; set; }

    public List<string>? Categories { get; set; }
}
