using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Crds;

/// <summary>
/// Generates apiextensions.k8s.io/v1 CustomResourceDefinitions from entity classes marked with
/// <see cref="EntityAttribute"/>. The entity's public properties other than apiVersion, kind and
/// metadata (typically spec and status) become the schema; class attributes add printer columns and the
/// status and scale subresources. Output is deterministic, so CI can regenerate and diff it.
/// </summary>
public static class CrdGenerator
{
    private static readonly HashSet<string> EnvelopeProperties = [nameof(IKubernetesObject<V1ObjectMeta>.ApiVersion), nameof(IKubernetesObject<V1ObjectMeta>.Kind), nameof(IKubernetesObject<V1ObjectMeta>.Metadata)];

    /// <summary>The CRD of one entity type. Throws with the reason when the type cannot be expressed.</summary>
    public static V1CustomResourceDefinition Generate(Type entityType, XmlDocumentation? docs = null)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var entity = entityType.GetCustomAttribute<EntityAttribute>()
            ?? throw new ArgumentException($"{entityType.FullName} has no [Entity] attribute", nameof(entityType));
        if (!typeof(IKubernetesObject<V1ObjectMeta>).IsAssignableFrom(entityType))
        {
            throw new ArgumentException($"{entityType.FullName} must derive from IKubernetesObject<V1ObjectMeta>", nameof(entityType));
        }

        docs ??= new XmlDocumentation();
        var builder = new SchemaBuilder(docs);
        var plural = EntityResourceType.PluralOf(entity);
        var root = new V1JSONSchemaProps
        {
            Type = "object",
            Description = entityType.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description ?? docs.For(entityType),
            Properties = new Dictionary<string, V1JSONSchemaProps>
            {
                ["apiVersion"] = new() { Type = "string", Description = "APIVersion defines the versioned schema of this representation of an object." },
                ["kind"] = new() { Type = "string", Description = "Kind is a string value representing the REST resource this object represents." },
                ["metadata"] = new() { Type = "object" },
            },
        };
        var required = new List<string>();
        foreach (var property in SchemaBuilder.SerializedProperties(entityType).Where(p => !EnvelopeProperties.Contains(p.Name)))
        {
            var name = SchemaBuilder.JsonName(property);
            root.Properties[name] = builder.ForProperty(property);
            if (SchemaBuilder.IsRequired(property))
            {
                required.Add(name);
            }
        }

        root.Required = required.Count > 0 ? required : null;
        var version = new V1CustomResourceDefinitionVersion
        {
            Name = entity.Version,
            Served = true,
            Storage = true,
            Schema = new V1CustomResourceValidation { OpenAPIV3Schema = root },
            Subresources = Subresources(entityType),
            AdditionalPrinterColumns = PrinterColumns(entityType),
        };
        return new V1CustomResourceDefinition
        {
            ApiVersion = ResourceTypes.CustomResourceDefinition.ApiVersion,
            Kind = ResourceTypes.CustomResourceDefinition.Kind,
            Metadata = new V1ObjectMeta { Name = $"{plural}.{entity.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Scope = entity.Scope == EntityScope.Namespaced ? "Namespaced" : "Cluster",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = entity.Kind,
                    ListKind = entity.Kind + "List",
                    Plural = plural,
                    Singular = entity.Singular ?? entity.Kind.ToLowerInvariant(),
                    ShortNames = entity.ShortNames.Length > 0 ? [.. entity.ShortNames] : null,
                    Categories = entity.Categories.Length > 0 ? [.. entity.Categories] : null,
                },
                Versions = [version],
            },
        };
    }

    /// <summary>The CRD as YAML (the form kept under config/crds).</summary>
    public static string ToYaml(V1CustomResourceDefinition crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var node = JsonSerializer.SerializeToNode(crd, ApiJson.Options);
        return YamlJson.ToYaml(node);
    }

    /// <summary>
    /// Writes one file per entity, named <c>{group}_{plural}.yaml</c>, into <paramref name="outputDirectory"/>
    /// and returns the paths written. Existing files of other names are left alone.
    /// </summary>
    public static IReadOnlyList<string> WriteFiles(IEnumerable<Type> entityTypes, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(entityTypes);
        Directory.CreateDirectory(outputDirectory);
        var docs = new XmlDocumentation();
        var written = new List<string>();
        foreach (var type in entityTypes)
        {
            var crd = Generate(type, docs);
            var path = Path.Combine(outputDirectory, $"{crd.Spec.Group}_{crd.Spec.Names.Plural}.yaml");
            File.WriteAllText(path, ToYaml(crd));
            written.Add(path);
        }

        return written;
    }

    private static V1CustomResourceSubresources? Subresources(Type entityType)
    {
        var status = entityType.IsDefined(typeof(StatusSubresourceAttribute));
        var scale = entityType.GetCustomAttribute<ScaleSubresourceAttribute>();
        if (!status && scale is null)
        {
            return null;
        }

        return new V1CustomResourceSubresources
        {
            Status = status ? new JsonObject() : null,
            Scale = scale is null ? null : new V1CustomResourceSubresourceScale
            {
                SpecReplicasPath = scale.SpecReplicasPath,
                StatusReplicasPath = scale.StatusReplicasPath,
                LabelSelectorPath = scale.LabelSelectorPath,
            },
        };
    }

    private static List<V1CustomResourceColumnDefinition>? PrinterColumns(Type entityType)
    {
        var columns = entityType.GetCustomAttributes<PrinterColumnAttribute>()
            .Select((c, index) => (c, index))
            .OrderBy(x => x.c.Order).ThenBy(x => x.index)
            .Select(x => new V1CustomResourceColumnDefinition
            {
                Name = x.c.Name,
                JsonPath = x.c.JsonPath,
                Type = x.c.Type,
                Description = x.c.Description,
                Format = x.c.Format,
                Priority = x.c.Priority == 0 ? null : x.c.Priority,
            })
            .ToList();
        return columns.Count > 0 ? columns : null;
    }
}
