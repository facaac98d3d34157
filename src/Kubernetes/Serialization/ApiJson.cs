using System.Text.Json;

namespace Sluice.Kubernetes.Serialization;

/// <summary>
/// The serializer options of KubernetesClient itself, shared by the client, the informers and the CRD tooling: its
/// conventions (camelCase, nulls omitted, enums as strings, RFC 3339 times with microseconds, ISO 8601 durations), its
/// source-generated metadata for every built-in model, and reflection for the custom resource types. The package
/// hands its options out only through <see cref="k8s.KubernetesJson.AddJsonOptions"/>; they are made read-only here.
/// </summary>
public static class ApiJson
{
    /// <summary>The options for every built-in model and custom resource type.</summary>
    public static JsonSerializerOptions Options { get; } = PackageOptions();

    private static JsonSerializerOptions PackageOptions()
    {
        JsonSerializerOptions? options = null;
        k8s.KubernetesJson.AddJsonOptions(o => options = o);
        options!.MakeReadOnly();
        return options;
    }
}
