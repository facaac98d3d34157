namespace Sluice.Kubernetes.Models;

/// <summary>One match expression: key, operator (In, NotIn, Exists, DoesNotExist) and values.</summary>
public sealed class LabelSelectorRequirement
{
    public string Key { get; set; } = "";

    public string Operator { get; set; } = "";

    public List<string>? Values { get; set; }
}
