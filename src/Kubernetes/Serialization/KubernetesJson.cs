using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Kubernetes.Serialization;

/// <summary>Serializer options shared by the client, the informers and the CRD tooling.</summary>
public static class KubernetesJson
{
    /// <summary>Options that know the built-in models only.</summary>
    public static JsonSerializerOptions Default { get; } = CreateOptions();

    /// <summary>
    /// Options resolving <paramref name="modelResolvers"/> first (e.g. a custom resource's source-generated
    /// context), then the built-in models. The options must carry the same naming policy as
    /// <see cref="KubernetesJsonContext"/> (camelCase, nulls omitted).
    /// </summary>
    public static JsonSerializerOptions CreateOptions(params IJsonTypeInfoResolver[] modelResolvers)
    {
        ArgumentNullException.ThrowIfNull(modelResolvers);
        var resolvers = modelResolvers.Append(KubernetesJsonContext.Default).ToArray();
        var options = new JsonSerializerOptions(KubernetesJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The metadata for <typeparamref name="T"/>; a clear error when no resolver knows it.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(this JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TryGetTypeInfo(typeof(T), out var info) && info is JsonTypeInfo<T> typed)
        {
            return typed;
        }

        throw new InvalidOperationException(
            $"No JSON metadata for {typeof(T).FullName}: add [JsonSerializable(typeof({typeof(T).Name}))] to a JsonSerializerContext and pass it to KubernetesJson.CreateOptions");
    }
}
