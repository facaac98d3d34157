using System.Reflection;

namespace Sluice.Kubernetes.Crds;

/// <summary>Derives the <see cref="ResourceType"/> of a class marked with <see cref="EntityAttribute"/>.</summary>
public static class EntityResourceType
{
    public static ResourceType Of<T>() => Of(typeof(T));

    public static ResourceType Of(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var entity = entityType.GetCustomAttribute<EntityAttribute>()
            ?? throw new ArgumentException($"{entityType.FullName} has no [Entity] attribute", nameof(entityType));
        return new ResourceType(entity.Group, entity.Version, entity.Kind, PluralOf(entity), entity.Scope == EntityScope.Namespaced);
    }

    internal static string PluralOf(EntityAttribute entity) =>
        entity.Plural ?? entity.Kind.ToLowerInvariant() + "s";
}
