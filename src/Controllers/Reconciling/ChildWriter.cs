using System.Text.Json.Nodes;
using Sluice.Controllers.Desired;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Creates or updates children with server-side apply (idempotent: an unchanged apply changes nothing on the
/// server), creates the admin Secret once, and removes a PodDisruptionBudget that is no longer wanted. Existence checks read
/// through the reader (a cache may lag: a create that finds the object already there keeps it).
/// PodDisruptionBudgets use policy/v1 and fall back to policy/v1beta1 on servers before 1.21.
/// </summary>
public sealed class ChildWriter(IKubernetesClient client, IObjectReader reader, string fieldManager)
{
    private ResourceType? _pdbType;

    public Task<T> ApplyAsync<T>(ResourceType type, T desired, CancellationToken cancellationToken)
        where T : KubernetesObject => client.ApplyAsync(type, desired, fieldManager, force: true, cancellationToken);

    /// <summary>Creates the admin-token Secret when it does not exist; an existing one is never rewritten.</summary>
    public async Task EnsureAdminSecretAsync(DesiredInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ns = input.Resource.Metadata.Namespace;
        if (await reader.TryGetAsync<Secret>(ResourceTypes.Secret, ns, input.Names.AdminSecret, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await client.CreateAsync(ResourceTypes.Secret, AdminSecretBuilder.Build(input, AdminSecretBuilder.NewToken()), cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            // Created concurrently (e.g. by a previous leader): keep that token.
        }
    }

    /// <summary>Applies <paramref name="desired"/>, or deletes the PDB this resource controls when it is null.</summary>
    public async Task SyncPodDisruptionBudgetAsync(LLMDeployment owner, DesiredInput input, PodDisruptionBudget? desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ns = owner.Metadata.Namespace;
        var type = await PdbTypeAsync(ns, cancellationToken).ConfigureAwait(false);
        if (desired is not null)
        {
            desired.ApiVersion = type.ApiVersion;
            await client.ApplyAsync(type, desired, fieldManager, force: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        var existing = await reader.TryGetAsync<PodDisruptionBudget>(type, ns, input.Names.PodDisruptionBudget, cancellationToken).ConfigureAwait(false);
        if (existing is not null && Ownership.IsControlledBy(existing, owner))
        {
            await client.DeleteAsync(type, ns, existing.Metadata.Name!, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Merge-patches status guarded by the resourceVersion read, so a concurrent writer makes this a conflict, not a lost update.</summary>
    public async Task WriteStatusAsync(LLMDeployment resource, LLMDeploymentStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var statusNode = System.Text.Json.JsonSerializer.SerializeToNode(status, SluiceJson.Options.TypeInfo<LLMDeploymentStatus>());
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = resource.Metadata.ResourceVersion },
            ["status"] = statusNode,
        };
        await client.PatchStatusAsync<LLMDeployment>(EntityTypes.LLMDeployment, resource.Metadata.Namespace, resource.Metadata.Name!, patch, PatchType.Merge, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<ResourceType> PdbTypeAsync(string? ns, CancellationToken cancellationToken) =>
        _pdbType ??= await PodDisruptionBudgetApi.ResolveAsync(client, ns, cancellationToken).ConfigureAwait(false);
}
