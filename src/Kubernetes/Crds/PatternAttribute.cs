namespace Sluice.Kubernetes.Crds;

/// <summary>A regular expression (ECMA 262) a string must match.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class PatternAttribute : Attribute
{
    public PatternAttribute(string regex)
    {
        Regex = regex;
    }

    public string Regex { get; }
}
