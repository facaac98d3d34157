using Sluice.Kubernetes;
using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>REST resource types of the custom resources (for the generic client).</summary>
public static class EntityTypes
{
    /// <summary><c>sluice.dev/v1alpha1</c> llmdeployments, namespaced.</summary>
    public static ResourceType LLMDeployment { get; } = EntityResourceType.Of<Resources.LLMDeployment>();
}
