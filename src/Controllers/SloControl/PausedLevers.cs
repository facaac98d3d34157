using System.Text;
using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Helpers;
using Sluice.Kubernetes.Reading;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// While spec.scaling.paused, the levers fixed in spec.engine (a number for maxBatchSize or maxRequestRate) are still put
/// on every ready engine through /admin/config, each period, where the engine runs another value; a lever left on
/// <c>auto</c> keeps the value the engine has. (Levers never reach the engine through its arguments, so that editing
/// one does not roll the pods.) Unreachable pods are skipped until the next period.
/// </summary>
public static class PausedLevers
{
    /// <summary>Applies the fixed levers of <paramref name="resource"/> to its ready pods; returns how many pods were changed.</summary>
    public static async Task<int> ApplyAsync(EngineAdminClient admin, IObjectReader reader, LLMDeployment resource, int apiPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(resource);
        var batch = EngineKnob.FixedValue(resource.Spec.Engine?.MaxBatchSize) is { } b ? (int)Math.Max(1, Math.Round(b)) : (int?)null;
        var rate = EngineKnob.FixedValue(resource.Spec.Engine?.MaxRequestRate) is { } r && r > 0 ? r : (double?)null;
        if (batch is null && rate is null)
        {
            return 0;
        }

        var ns = resource.Metadata.NamespaceProperty;
        var name = resource.Metadata.Name!;
        var secret = await reader.TryGetAsync<V1Secret>(ResourceTypes.Secret, ns, ChildNames.For(name).AdminSecret, cancellationToken).ConfigureAwait(false);
        if (secret?.Data.Lookup(EngineArgs.AdminTokenKey) is not { Length: > 0 } tokenBytes)
        {
            return 0;
        }

        var token = Encoding.UTF8.GetString(tokenBytes).Trim();
        var pods = EnginePods.Ready(await reader.ListAsync<V1Pod>(ResourceTypes.Pod, ns, ChildLabels.Selector(name), cancellationToken).ConfigureAwait(false), apiPort);
        var changed = await Task.WhenAll(pods.Select(async pod =>
        {
            try
            {
                var current = await admin.GetAsync(pod.BaseUrl, token, cancellationToken).ConfigureAwait(false);
                var wantedBatch = batch ?? current.MaxBatchSize;
                var wantedRate = rate ?? current.MaxRequestRate;
                if (wantedBatch == current.MaxBatchSize && Nullable.Equals(wantedRate, current.MaxRequestRate))
                {
                    return false;
                }

                await admin.SetAsync(pod.BaseUrl, token, wantedBatch, wantedRate, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (EngineApiException)
            {
                return false;
            }
        })).ConfigureAwait(false);
        return changed.Count(c => c);
    }
}
