using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Serialization;

/// <summary>
/// Source-generated JSON metadata for the built-in models: camelCase names, nulls omitted on write.
/// Custom resource types bring their own context; combine it with this one through
/// <see cref="KubernetesJson.CreateOptions"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(ConfigMap))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(PersistentVolumeClaim))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(PodDisruptionBudget))]
[JsonSerializable(typeof(CustomResourceDefinition))]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(Scale))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(DeleteOptions))]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(OwnerReference))]
[JsonSerializable(typeof(Condition))]
[JsonSerializable(typeof(ListMeta))]
[JsonSerializable(typeof(JsonSchemaProps))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext
{
}
