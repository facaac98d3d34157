using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.Metrics;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.SloControl;

/// <summary>Pure: status.engine from what the engine pods report (their sluice_model_info gauge).</summary>
public static class EngineReport
{
    /// <summary>
    /// The report of the first pod, by name, that has one in <paramref name="reports"/> and whose engine container
    /// was started with the spec's current <c>--quantization</c> and <c>--kv-cache-dtype</c> (so pods of an older
    /// template still draining in a rollout never speak for the current spec), stamped with <paramref name="generation"/>.
    /// Null when no such pod reported: the caller keeps status.engine as it was.
    /// </summary>
    public static EngineStatus? From(IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, EngineModelInfo>? reports, LLMDeploymentSpec spec, long? generation)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(spec);
        if (reports is null || reports.Count == 0)
        {
            return null;
        }

        var quantization = spec.Quantization ?? Quantizations.None;
        var kvCacheDtype = spec.KvCacheDtype ?? KvCacheDtypes.Auto;
        foreach (var pod in pods.Where(p => p.Metadata.Name is not null).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var args = pod.Spec?.Containers.FirstOrDefault(c => c.Name == PodTemplateBuilder.EngineContainerName)?.Args;
            if (EngineArgs.FlagValue(args, EngineArgs.QuantizationFlag) == quantization
                && EngineArgs.FlagValue(args, EngineArgs.KvCacheDtypeFlag) == kvCacheDtype
                && reports.TryGetValue(pod.Metadata.Name!, out var info))
            {
                return new EngineStatus
                {
                    Quantization = info.Quantization,
                    KvCacheDtype = info.KvCacheDtype,
                    Pod = pod.Metadata.Name,
                    ObservedGeneration = generation,
                };
            }
        }

        return null;
    }
}
