namespace Sluice.Kubernetes.Crds;

/// <summary>Bounds on a string length (minLength/maxLength) or a list size (minItems/maxItems); -1 means unbounded.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class LengthAttribute : Attribute
{
    public LengthAttribute(long minimum = -1, long maximum = -1)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    public long Minimum { get; }

    public long Maximum { get; }
}
