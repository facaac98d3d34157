using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Entities.Model;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Reading;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Creates the namespace's model cache claim (<see cref="ModelCacheSettings"/>) the first time a deployment there needs
/// it. The claim has no owner: it is shared by every LLMDeployment of the namespace and outlives them (a cache). It is
/// never patched: a claim's size and class are the cluster admin's to change once it exists.
/// </summary>
public static class ModelCacheClaims
{
    /// <summary>Label on the claims the operator created.</summary>
    public const string ComponentLabel = "app.kubernetes.io/component";

    public static async Task EnsureAsync(IKubernetesClient client, IObjectReader reader, DesiredInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(input);
        var cache = input.Settings.ModelCache;
        if (!cache.Enabled || !ModelSource.Parse(input.Spec.Model.Source).IsDownloaded)
        {
            return;
        }

        var ns = input.Resource.Metadata.NamespaceProperty;
        if (await reader.TryGetAsync<V1PersistentVolumeClaim>(ResourceTypes.PersistentVolumeClaim, ns, cache.ClaimName, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await client.CreateAsync(ResourceTypes.PersistentVolumeClaim, Build(ns, cache), cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            // another reconcile created it first
        }
    }

    /// <summary>The claim as created: access mode, size and (when set) storage class from the settings.</summary>
    public static V1PersistentVolumeClaim Build(string? @namespace, ModelCacheSettings cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta
            {
                Name = cache.ClaimName,
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [ChildLabels.ManagedBy] = ChildLabels.OperatorName,
                    [ComponentLabel] = "model-cache",
                },
            },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = [cache.AccessMode],
                StorageClassName = string.IsNullOrEmpty(cache.StorageClassName) ? null : cache.StorageClassName,
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new(cache.Size) } },
            },
        };
    }
}
