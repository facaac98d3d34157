using System.Text.Json;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Entities.Resources;

/// <summary>Serializer options that know LLMDeployment and every built-in Kubernetes model.</summary>
public static class SluiceJson
{
    public static JsonSerializerOptions Options { get; } = KubernetesJson.CreateOptions(EntitiesJsonContext.Default);
}
