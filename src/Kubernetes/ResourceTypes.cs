namespace Sluice.Kubernetes;

/// <summary>The built-in resource types the operator uses.</summary>
public static class ResourceTypes
{
    public static ResourceType Deployment { get; } = new("apps", "v1", "Deployment", "deployments", true);

    public static ResourceType Service { get; } = new("", "v1", "Service", "services", true);

    public static ResourceType Pod { get; } = new("", "v1", "Pod", "pods", true);

    public static ResourceType ConfigMap { get; } = new("", "v1", "ConfigMap", "configmaps", true);

    public static ResourceType Secret { get; } = new("", "v1", "Secret", "secrets", true);

    public static ResourceType PersistentVolumeClaim { get; } = new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true);

    public static ResourceType Namespace { get; } = new("", "v1", "Namespace", "namespaces", false);

    public static ResourceType Event { get; } = new("", "v1", "Event", "events", true);

    public static ResourceType Lease { get; } = new("coordination.k8s.io", "v1", "Lease", "leases", true);

    /// <summary>policy/v1 (Kubernetes 1.21+).</summary>
    public static ResourceType PodDisruptionBudget { get; } = new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true);

    /// <summary>policy/v1beta1, for servers older than 1.21 (such as the 1.20 test control plane).</summary>
    public static ResourceType PodDisruptionBudgetV1Beta1 { get; } = new("policy", "v1beta1", "PodDisruptionBudget", "poddisruptionbudgets", true);

    public static ResourceType CustomResourceDefinition { get; } = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false);
}
