namespace Sluice.Kubernetes.Models;

/// <summary>A kubectl get column: name, JSON path, type (string, integer, number, boolean, date).</summary>
public sealed class CustomResourceColumnDefinition
{
    public string Name { get; set; } = "";

    public string Type { get; set; } = "string";

    public string JsonPath { get; set; } = "";

    public string? Description { get; set; }

    public string? Format { get; set; }

    public int? Priority { get; set; }
}
