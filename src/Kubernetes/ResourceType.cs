namespace Sluice.Kubernetes;

/// <summary>
/// Describes one Kubernetes resource type well enough to build its REST paths:
/// core types have an empty <see cref="Group"/> and live under <c>/api</c>, all others under <c>/apis</c>.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    /// <summary>The apiVersion field value: <c>v1</c> for the core group, otherwise <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The collection path (name null) or object path for this type. A null namespace on a namespaced
    /// type addresses the collection across all namespaces.
    /// </summary>
    public string Path(string? @namespace = null, string? name = null)
    {
        if (!Namespaced && @namespace is not null)
        {
            throw new ArgumentException($"{Kind} is cluster-scoped; no namespace may be given", nameof(@namespace));
        }

        if (name is not null && Namespaced && @namespace is null)
        {
            throw new ArgumentException($"{Kind} is namespaced; a name needs a namespace", nameof(name));
        }

        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        var scope = @namespace is null ? string.Empty : $"/namespaces/{Uri.EscapeDataString(@namespace)}";
        var tail = name is null ? string.Empty : $"/{Uri.EscapeDataString(name)}";
        return $"{root}{scope}/{Plural}{tail}";
    }
}
