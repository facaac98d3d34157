using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sluice.Kubernetes.Client;

namespace Sluice.Kubernetes.Helpers;

/// <summary>
/// Adds and removes finalizers with merge patches guarded by resourceVersion, re-reading and retrying on
/// conflict, so a stale cached copy never overwrites someone else's finalizer.
/// </summary>
public static class Finalizers
{
    public static bool Has(IKubernetesObject<V1ObjectMeta> obj, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.Finalizers?.Contains(finalizer) == true;
    }

    /// <summary>True when deletion was requested (deletionTimestamp set).</summary>
    public static bool IsBeingDeleted(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.DeletionTimestamp is not null;
    }

    /// <summary>Ensures <paramref name="finalizer"/> is present; returns the object as stored, or null when it is gone.</summary>
    public static Task<T?> AddAsync<T>(IKubernetesClient client, ResourceType type, T obj, string finalizer, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => ChangeAsync(client, type, obj, finalizer, add: true, cancellationToken);

    /// <summary>Ensures <paramref name="finalizer"/> is absent; returns the object as stored, or null when it is gone (deleted).</summary>
    public static Task<T?> RemoveAsync<T>(IKubernetesClient client, ResourceType type, T obj, string finalizer, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => ChangeAsync(client, type, obj, finalizer, add: false, cancellationToken);

    private static async Task<T?> ChangeAsync<T>(IKubernetesClient client, ResourceType type, T obj, string finalizer, bool add, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrWhiteSpace(finalizer);
        T? current = obj;
        T? result = null;
        await ConflictRetry.RunAsync(async ct =>
        {
            current ??= await client.TryGetAsync<T>(type, obj.Metadata.NamespaceProperty, obj.Metadata.Name!, ct).ConfigureAwait(false);
            if (current is null || Has(current, finalizer) == add)
            {
                result = current;
                return;
            }

            var list = (current.Metadata.Finalizers ?? []).Where(f => f != finalizer).ToList();
            if (add)
            {
                list.Add(finalizer);
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["resourceVersion"] = current.Metadata.ResourceVersion,
                    ["finalizers"] = new JsonArray([.. list.Select(f => (JsonNode)JsonValue.Create(f))]),
                },
            };
            try
            {
                result = await client.PatchAsync<T>(type, current.Metadata.NamespaceProperty, current.Metadata.Name!, patch, PatchType.Merge, ct).ConfigureAwait(false);
            }
            catch (Errors.NotFoundException)
            {
                result = null;
            }
            finally
            {
                current = null;
            }
        }, maxAttempts: 10, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
