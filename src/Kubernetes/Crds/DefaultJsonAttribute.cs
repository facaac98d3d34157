namespace Sluice.Kubernetes.Crds;

/// <summary>A structured default written as JSON, e.g. "{}" or "[\"a\"]".</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DefaultJsonAttribute : Attribute
{
    public DefaultJsonAttribute(string json)
    {
        Json = json;
    }

    public string Json { get; }
}
