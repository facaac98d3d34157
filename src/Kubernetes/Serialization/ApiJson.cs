using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Kubernetes.Serialization;

/// <summary>
/// Serializer options shared by the client, the informers and the CRD tooling: the package's own conventions
/// (camelCase, nulls omitted, enums as strings, RFC 3339 times with microseconds, ISO 8601 durations) through its public
/// converters, with reflection metadata so custom resource types need no registration. The package keeps its
/// configured options internal, hence this one copy of its settings.
/// </summary>
public static class ApiJson
{
    /// <summary>The options for every built-in model and custom resource type.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new k8s.KubernetesJson.Iso8601TimeSpanConverter());
        options.Converters.Add(new k8s.KubernetesJson.KubernetesDateTimeConverter());
        options.Converters.Add(new k8s.KubernetesJson.KubernetesDateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }
}
