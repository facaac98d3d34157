using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Helpers;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Creates or updates children with server-side apply (idempotent: an unchanged apply changes nothing on the
/// server), creates the admin Secret once (re-creating a deleted one with the token it last saw), and removes a
/// PodDisruptionBudget that is no longer wanted. Existence checks read through the reader (a cache may lag: a
/// create that finds the object already there keeps it).
/// PodDisruptionBudgets use policy/v1 and fall back to policy/v1beta1 on servers before 1.21.
/// </summary>
public sealed class ChildWriter(IKubernetesClient client, IObjectReader reader, string fieldManager)
{
    private readonly ConcurrentDictionary<string, string> _adminTokens = new(StringComparer.Ordinal);
    private ResourceType? _pdbType;

    /// <summary>
    /// Server-side applies <paramref name="desired"/> and returns the object the server answered, unless the object as read
    /// (the informer cache in the operator) already holds every field of it (<see cref="AppliedFields"/>): then the apply
    /// would change nothing, and the object as read is returned with no API call. A hand edit reaches the cache through
    /// the watch, so it is applied over at the reconcile the edit itself triggers.
    /// </summary>
    public async Task<T> ApplyAsync<T>(ResourceType type, T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(desired);
        var current = await reader.TryGetAsync<T>(type, desired.Metadata.NamespaceProperty, desired.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.Metadata.DeletionTimestamp is null && AppliedFields.AreCovered(Json(current), Json(desired)))
        {
            return current;
        }

        return await client.ApplyAsync(type, desired, fieldManager, force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the admin-token Secret when it does not exist; an existing one is never rewritten. A deleted Secret is
    /// re-created with the token last read from it (remembered per LLMDeployment UID), so running engines, which hold
    /// that token, stay reachable; only a Secret this process never saw gets a fresh token (the engines re-read their
    /// mounted token file, so they follow once the kubelet refreshes the volume).
    /// </summary>
    public async Task EnsureAdminSecretAsync(DesiredInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ns = input.Resource.Metadata.NamespaceProperty;
        var owner = input.Resource.Metadata.Uid ?? $"{ns}/{input.Name}";
        var existing = await reader.TryGetAsync<V1Secret>(ResourceTypes.Secret, ns, input.Names.AdminSecret, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            Remember(owner, existing);
            return;
        }

        var token = _adminTokens.TryGetValue(owner, out var known) ? known : AdminSecretBuilder.NewToken();
        try
        {
            await client.CreateAsync(ResourceTypes.Secret, AdminSecretBuilder.Build(input, token), cancellationToken).ConfigureAwait(false);
            _adminTokens[owner] = token;
        }
        catch (AlreadyExistsException)
        {
            // Created concurrently (e.g. by a previous leader): keep that token; it is remembered at the next reconcile.
        }
    }

    /// <summary>The admin token this writer last saw or wrote for the LLMDeployment with <paramref name="ownerUid"/>; null when none.</summary>
    public string? KnownAdminToken(string ownerUid) => _adminTokens.GetValueOrDefault(ownerUid);

    private void Remember(string owner, V1Secret secret)
    {
        if (secret.Data.Lookup(EngineArgs.AdminTokenKey) is { Length: > 0 } bytes)
        {
            _adminTokens[owner] = Encoding.UTF8.GetString(bytes).Trim();
        }
    }

    /// <summary>Applies <paramref name="desired"/>, or deletes the PDB this resource controls when it is null.</summary>
    public async Task SyncPodDisruptionBudgetAsync(LLMDeployment owner, DesiredInput input, V1PodDisruptionBudget? desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ns = owner.Metadata.NamespaceProperty;
        var type = await PdbTypeAsync(ns, cancellationToken).ConfigureAwait(false);
        if (desired is not null)
        {
            desired.ApiVersion = type.ApiVersion;
            await ApplyAsync(type, desired, cancellationToken).ConfigureAwait(false);
            return;
        }

        var existing = await reader.TryGetAsync<V1PodDisruptionBudget>(type, ns, input.Names.PodDisruptionBudget, cancellationToken).ConfigureAwait(false);
        if (existing is not null && Ownership.IsControlledBy(existing, owner))
        {
            await client.DeleteAsync(type, ns, existing.Metadata.Name!, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Server-side applies <paramref name="owner"/>'s part of <paramref name="status"/> (see <see cref="StatusOwnership"/>) under
    /// that owner's field manager: the other writer's fields are neither sent nor touched, so there is no conflict to retry.
    /// </summary>
    public async Task WriteStatusAsync(LLMDeployment resource, LLMDeploymentStatus status, StatusOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        await client.ApplyStatusAsync<LLMDeployment>(EntityTypes.LLMDeployment, resource.Metadata.NamespaceProperty, resource.Metadata.Name!,
            StatusOwnership.Part(status, owner), StatusOwnership.FieldManager(fieldManager, owner), force: true, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Json<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta> => JsonSerializer.SerializeToNode(obj, ApiJson.Options)!.AsObject();

    private async Task<ResourceType> PdbTypeAsync(string? ns, CancellationToken cancellationToken) =>
        _pdbType ??= await PodDisruptionBudgetApi.ResolveAsync(client, ns, cancellationToken).ConfigureAwait(false);
}
