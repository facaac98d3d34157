namespace Sluice.Kubernetes.Crds;

/// <summary>Largest allowed value of a number (inclusive unless Exclusive).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class MaximumAttribute : Attribute
{
    public MaximumAttribute(double value)
    {
        Value = value;
    }

    public double Value { get; }

    public bool Exclusive { get; init; }
}
