using Sluice.Entities.Model;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>The spec checks every proxied runtime shares, and the quantization table check.</summary>
internal static class RuntimeSpecChecks
{
    /// <summary>
    /// Problems of <paramref name="spec"/> for the proxied runtime <paramref name="runtime"/>: it needs a GPU and real
    /// weights (dummy:// presets are the sluice engine's), and spec.quantization / spec.kvCacheDtype must be in its tables
    /// (a value mapped to null is refused with the table's reason).
    /// </summary>
    public static List<SpecProblem> Validate(
        LLMDeploymentSpec spec, string runtime,
        IReadOnlyDictionary<string, RuntimeFormat> quantizations, IReadOnlyDictionary<string, RuntimeFormat> kvCacheDtypes)
    {
        var problems = new List<SpecProblem>();
        if (spec.Gpu is null)
        {
            problems.Add(new("spec.gpu", ConditionReasons.RuntimeUnsupported,
                $"the {runtime} runtime serves on GPUs only; set spec.gpu, or use runtime sluice for the CPU backend"));
        }

        if (ModelSource.TryParse(spec.Model.Source, out var source) && source.Kind == ModelSourceKind.Dummy)
        {
            problems.Add(new("spec.model.source", ConditionReasons.RuntimeUnsupported,
                $"dummy:// presets are built by the sluice engine; the {runtime} runtime needs real weights from hf:// or pvc://"));
        }

        var quantization = spec.Quantization ?? Quantizations.None;
        if (quantizations.TryGetValue(quantization, out var q) && q.Flag is null)
        {
            problems.Add(new("spec.quantization", ConditionReasons.QuantizationUnsupported, $"the {runtime} runtime cannot serve quantization {quantization}: {q.Note}"));
        }

        var kv = spec.KvCacheDtype ?? KvCacheDtypes.Auto;
        if (kvCacheDtypes.TryGetValue(kv, out var k) && k.Flag is null)
        {
            problems.Add(new("spec.kvCacheDtype", ConditionReasons.QuantizationUnsupported, $"the {runtime} runtime cannot use KV cache type {kv}: {k.Note}"));
        }

        return problems;
    }
}
