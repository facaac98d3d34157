using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Models;

namespace Sluice.Operator.Crds;

/// <summary>
/// Turns a custom resource class (a <see cref="CustomResource{TSpec, TStatus}"/> marked with
/// <see cref="KubernetesEntityAttribute"/>) into its CustomResourceDefinition: names, one served storage
/// version, the structural schema of spec and status, subresources and printer columns.
/// </summary>
public static class CrdGenerator
{
    /// <summary>The CRD of <paramref name="entityType"/>; <see cref="ArgumentException"/> when it is not a marked custom resource.</summary>
    [RequiresUnreferencedCode("reflects over the entity's properties")]
    public static CustomResourceDefinition Generate(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var entity = entityType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{entityType.FullName} has no [KubernetesEntity] attribute", nameof(entityType));
        var (specType, statusType) = SpecAndStatus(entityType);
        var resource = EntityResourceType.Of(entityType);

        var root = new JsonSchemaProps
        {
            Type = "object",
            Properties = new Dictionary<string, JsonSchemaProps>
            {
                ["apiVersion"] = new() { Type = "string" },
                ["kind"] = new() { Type = "string" },
                ["metadata"] = new() { Type = "object" },
                ["spec"] = SchemaBuilder.For(specType),
                ["status"] = SchemaBuilder.For(statusType),
            },
            Required = ["spec"],
        };

        var version = new CustomResourceDefinitionVersion
        {
            Name = entity.Version,
            Served = true,
            Storage = true,
            Schema = new CustomResourceValidation { OpenApiV3Schema = root },
            Subresources = Subresources(entityType),
            AdditionalPrinterColumns = Columns(entityType),
        };

        return new CustomResourceDefinition
        {
            Metadata = new ObjectMeta { Name = $"{resource.Plural}.{entity.Group}" },
            Spec = new CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Scope = entity.Scope == EntityScope.Namespaced ? "Namespaced" : "Cluster",
                Names = new CustomResourceDefinitionNames
                {
                    Plural = resource.Plural,
                    Singular = entity.Singular ?? entity.Kind.ToLowerInvariant(),
                    Kind = entity.Kind,
                    ListKind = entity.Kind + "List",
                    ShortNames = entity.ShortNames.Length > 0 ? [.. entity.ShortNames] : null,
                    Categories = entity.Categories.Length > 0 ? [.. entity.Categories] : null,
                },
                Versions = [version],
            },
        };
    }

    private static (Type Spec, Type Status) SpecAndStatus(Type entityType)
    {
        for (var t = entityType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(CustomResource<,>))
            {
                var args = t.GetGenericArguments();
                return (args[0], args[1]);
            }
        }

        throw new ArgumentException($"{entityType.FullName} does not derive from CustomResource<TSpec, TStatus>", nameof(entityType));
    }

    private static CustomResourceSubresources? Subresources(Type entityType)
    {
        var status = entityType.IsDefined(typeof(StatusSubresourceAttribute));
        var scale = entityType.GetCustomAttribute<ScaleSubresourceAttribute>();
        if (!status && scale is null)
        {
            return null;
        }

        using var empty = JsonDocument.Parse("{}");
        return new CustomResourceSubresources
        {
            Status = status ? empty.RootElement.Clone() : null,
            Scale = scale is null ? null : new CustomResourceSubresourceScale
            {
                SpecReplicasPath = scale.SpecReplicasPath,
                StatusReplicasPath = scale.StatusReplicasPath,
                LabelSelectorPath = scale.LabelSelectorPath,
            },
        };
    }

    private static List<CustomResourceColumnDefinition>? Columns(Type entityType)
    {
        var columns = entityType.GetCustomAttributes<PrinterColumnAttribute>()
            .Select((c, index) => (Column: c, Index: index))
            .OrderBy(c => c.Column.Order)
            .ThenBy(c => c.Index)
            .Select(c => new CustomResourceColumnDefinition
            {
                Name = c.Column.Name,
                JsonPath = c.Column.JsonPath,
                Type = c.Column.Type,
                Description = c.Column.Description,
                Format = c.Column.Format,
                Priority = c.Column.Priority == 0 ? null : c.Column.Priority,
            })
            .ToList();
        return columns.Count > 0 ? columns : null;
    }
}
