namespace Sluice.Kubernetes.Crds;

/// <summary>The value the API server fills in when the field is absent (string, number, boolean or enum constant).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DefaultAttribute : Attribute
{
    public DefaultAttribute(object value)
    {
        Value = value;
    }

    public object Value { get; }
}
