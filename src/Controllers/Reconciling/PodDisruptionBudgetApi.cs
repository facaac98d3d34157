using k8s.Models;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;

namespace Sluice.Controllers.Reconciling;

/// <summary>Which PodDisruptionBudget API the server serves: policy/v1 (1.21+), else policy/v1beta1 (such as the 1.20 test control plane).</summary>
public static class PodDisruptionBudgetApi
{
    /// <summary>Probes with a one-item list in <paramref name="namespace"/> (null: all namespaces).</summary>
    public static async Task<ResourceType> ResolveAsync(IKubernetesClient client, string? @namespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await client.ListAsync<V1PodDisruptionBudget>(ResourceTypes.PodDisruptionBudget, @namespace, new ListOptions { Limit = 1 }, cancellationToken).ConfigureAwait(false);
            return ResourceTypes.PodDisruptionBudget;
        }
        catch (NotFoundException)
        {
            return ResourceTypes.PodDisruptionBudgetV1Beta1;
        }
    }
}
