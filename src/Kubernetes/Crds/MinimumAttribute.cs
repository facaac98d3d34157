namespace Sluice.Kubernetes.Crds;

/// <summary>Smallest allowed value of a number (inclusive unless Exclusive).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MinimumAttribute : Attribute
{
    public MinimumAttribute(double value)
    {
        Value = value;
    }

    public double Value { get; }

    public bool Exclusive { get; init; }
}
