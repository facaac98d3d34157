using Sluice.Entities.Catalog;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Entities.Validation;

/// <summary>
/// The checks the CRD schema cannot express (cross-field rules, the operator's GPU catalog), plus the
/// schema's own rules again so a resource written before a schema change still gets a clear answer.
/// </summary>
public static class SpecValidator
{
    /// <summary>Every problem with <paramref name="spec"/>; empty when it can be served.</summary>
    public static IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec, GpuCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<SpecProblem>();

        if (!ModelSource.TryParse(spec.Model.Source, out var source))
        {
            problems.Add(new("spec.model.source", ConditionReasons.InvalidSpec,
                $"model source '{spec.Model.Source}' is not {ModelSource.Forms}"));
        }
        else
        {
            problems.AddRange(ModelSourceRules.Check(spec.Model, source));
        }

        if (spec.Quantization is { } q && !Quantizations.All.Contains(q))
        {
            problems.Add(new("spec.quantization", ConditionReasons.InvalidSpec,
                $"quantization '{q}' is not one of {string.Join(", ", Quantizations.All)}"));
        }

        if (spec.KvCacheDtype is { } kv && !KvCacheDtypes.All.Contains(kv))
        {
            problems.Add(new("spec.kvCacheDtype", ConditionReasons.InvalidSpec,
                $"kvCacheDtype '{kv}' is not one of {string.Join(", ", KvCacheDtypes.All)}"));
        }

        if (spec.Gpu is { } gpu && !catalog.TryFind(gpu.Type, out _))
        {
            problems.Add(new("spec.gpu.type", ConditionReasons.UnknownGpuType,
                $"GPU type '{gpu.Type}' is not in the operator's GPU catalog; known types: {string.Join(", ", catalog.Names)}"));
        }

        var min = spec.Scaling?.MinReplicas ?? 1;
        if (spec.Scaling?.MaxReplicas is { } max && min > max)
        {
            problems.Add(new("spec.scaling", ConditionReasons.InvalidScaling,
                $"minReplicas {min} is greater than maxReplicas {max}; lower minReplicas or raise maxReplicas"));
        }

        CheckDuration(spec.Slo?.Ttft, "spec.slo.ttft", problems);
        CheckDuration(spec.Slo?.Tpot, "spec.slo.tpot", problems);
        CheckDuration(spec.Scaling?.ScaleDownDelay, "spec.scaling.scaleDownDelay", problems);
        return problems;
    }

    private static void CheckDuration(string? text, string field, List<SpecProblem> problems)
    {
        if (text is not null && !DurationText.TryParse(text, out _))
        {
            problems.Add(new(field, ConditionReasons.InvalidSpec, $"{field} '{text}' is not a duration like 500ms or 1.5s"));
        }
    }
}
