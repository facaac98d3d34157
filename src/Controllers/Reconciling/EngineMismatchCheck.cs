using Sluice.Entities.Resources;

namespace Sluice.Controllers.Reconciling;

/// <summary>Pure: whether what the engine reports serving (status.engine) contradicts the spec.</summary>
public static class EngineMismatchCheck
{
    /// <summary>
    /// A sentence naming both values when status.engine was observed for <paramref name="generation"/> and its
    /// quantization differs from spec.quantization or its KV type does not satisfy spec.kvCacheDtype
    /// (<see cref="KvCacheDtypes.Satisfies"/>); null otherwise (also when nothing was reported for this generation yet).
    /// </summary>
    public static string? Message(LLMDeploymentSpec spec, EngineStatus? engine, long? generation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (engine is null || engine.ObservedGeneration != generation)
        {
            return null;
        }

        var problems = new List<string>();
        var quantization = spec.Quantization ?? Quantizations.None;
        if (engine.Quantization is { } reported && reported != quantization)
        {
            problems.Add($"quantization {reported} where spec.quantization is {quantization}");
        }

        var kvCacheDtype = spec.KvCacheDtype ?? KvCacheDtypes.Auto;
        if (engine.KvCacheDtype is { } kv && !KvCacheDtypes.Satisfies(kvCacheDtype, kv))
        {
            problems.Add($"KV cache type {kv} where spec.kvCacheDtype is {kvCacheDtype}");
        }

        return problems.Count == 0
            ? null
            : $"the engine in pod {engine.Pod} reports {string.Join(" and ", problems)}; its image may not support the flags the operator passes (check spec.engine.image)";
    }
}
