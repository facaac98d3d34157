namespace Sluice.Kubernetes.Crds;

/// <summary>The allowed values of a string field. C# enum properties get their values without this attribute.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class EnumValuesAttribute : Attribute
{
    public EnumValuesAttribute(params string[] values)
    {
        Values = values;
    }

    public IReadOnlyList<string> Values { get; }
}
