namespace Sluice.Kubernetes.Crds;

/// <summary>A column of <c>kubectl get</c>. Type is one of string, integer, number, boolean, date.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute : Attribute
{
    public PrinterColumnAttribute(string name, string jsonPath)
    {
        Name = name;
        JsonPath = jsonPath;
    }

    public string Name { get; }

    /// <summary>E.g. ".status.readyReplicas".</summary>
    public string JsonPath { get; }

    public string Type { get; init; } = "string";

    public string? Description { get; init; }

    public string? Format { get; init; }

    /// <summary>0 shows the column always; higher values only with -o wide.</summary>
    public int Priority { get; init; }

    /// <summary>Columns are emitted in ascending order of this value, then declaration order.</summary>
    public int Order { get; init; }
}
