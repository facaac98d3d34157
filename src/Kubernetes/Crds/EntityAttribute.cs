namespace Sluice.Kubernetes.Crds;

/// <summary>Marks a class as a custom resource: group, version and kind; plural defaults to the lower-case kind + "s".</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class EntityAttribute : Attribute
{
    public EntityAttribute(string group, string version, string kind)
    {
        Group = group;
        Version = version;
        Kind = kind;
    }

    public string Group { get; }

    public string Version { get; }

    public string Kind { get; }

    /// <summary>URL segment and CRD name prefix; null means the lower-case kind + "s".</summary>
    public string? Plural { get; init; }

    /// <summary>Null means the lower-case kind.</summary>
    public string? Singular { get; init; }

    public string[] ShortNames { get; init; } = [];

    public string[] Categories { get; init; } = [];

    public EntityScope Scope { get; init; } = EntityScope.Namespaced;
}
