using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>meta/v1 ObjectMeta. Unknown fields (e.g. managedFields) are preserved.</summary>
public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? GenerateName { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    /// <summary>Opaque version for optimistic concurrency; Replace fails with 409 when it is stale.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Incremented by the server on every spec change (for types with a status subresource).</summary>
    public long? Generation { get; set; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>Set when deletion was requested and finalizers still hold the object.</summary>
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? DeletionTimestamp { get; set; }

    public long? DeletionGracePeriodSeconds { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<OwnerReference>? OwnerReferences { get; set; }

    public List<string>? Finalizers { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
