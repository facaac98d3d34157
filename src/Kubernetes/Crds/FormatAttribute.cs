namespace Sluice.Kubernetes.Crds;

/// <summary>An OpenAPI format hint, e.g. "date-time", "duration", "int32".</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class FormatAttribute : Attribute
{
    public FormatAttribute(string format)
    {
        Format = format;
    }

    public string Format { get; }
}
