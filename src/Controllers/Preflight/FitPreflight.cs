using System.Globalization;
using Sluice.Controllers.Runtimes;
using Sluice.Entities.Catalog;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Preflight;

/// <summary>
/// Checks before any pod starts that the spec can be served: one GPU per replica with the sluice runtime (it
/// does not shard a model across GPUs yet; the other runtimes shard over spec.gpu.count by tensor parallelism), and the
/// weights at the chosen quantization (<see cref="WeightBytes"/>) plus the KV cache of one max-context sequence at the
/// chosen KV dtype fit in the replica's usable memory: <see cref="UsableFraction"/> of the GPU for sluice, the runtime's
/// own share less its overhead on each GPU for the others (<see cref="RuntimeMemory"/>). When not, says by how much and what would fit: a smaller quantization, a larger GPU type
/// from the catalog, or a shorter context.
/// </summary>
public static class FitPreflight
{
    /// <summary>Share of device memory left for weights and KV after the CUDA context, activations and workspace.</summary>
    public const double UsableFraction = 0.9;

    private const double BytesPerGiB = 1024.0 * 1024 * 1024;

    /// <summary>
    /// The report; null when there is nothing to check: no GPU (or an unknown type, which the validator reports),
    /// a count of 1 and a model of unknown size.
    /// </summary>
    public static FitReport? Check(LLMDeploymentSpec spec, GpuCatalogEntry? gpu, GpuCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(catalog);
        if (gpu is null)
        {
            return null;
        }

        var count = spec.Gpu?.Count ?? 1;
        var shape = ModelSource.TryParse(spec.Model.Source, out var source) ? KnownModels.Find(source) : null;
        var engine = EngineRuntimeCatalog.For(spec) ?? new SluiceRuntime();
        var plan = new Plan(engine, engine.ShardsAcrossGpus ? count : 1);
        var sizes = shape is null ? null : Sizes(shape, spec, spec.Quantization, gpu, plan);
        var runtime = engine.Name;
        if (count > 1 && !engine.ShardsAcrossGpus)
        {
            var refusal = string.Create(CultureInfo.InvariantCulture,
                $"spec.gpu.count is {count}, but the {runtime} engine serves a model on one GPU per replica (it does not shard a model across GPUs yet) and would leave {count - 1} of them idle; set spec.gpu.count to 1 (add replicas with spec.scaling for more throughput)");
            var oneGpu = sizes is null ? "" : sizes.Fits
                ? $". On one GPU: {sizes.Numbers}"
                : $". On one GPU: {sizes.Numbers}. {Suggestion(shape!, spec, gpu, catalog, sizes, plan)}";
            return new FitReport(false, ConditionReasons.GpuCountUnsupported, sizes?.WeightsGiB, sizes?.KvGiB, sizes?.UsableGiB, refusal + oneGpu);
        }

        if (sizes is null)
        {
            return null;
        }

        return sizes.Fits
            ? new FitReport(true, ConditionReasons.SpecValid, sizes.WeightsGiB, sizes.KvGiB, sizes.UsableGiB, sizes.Numbers)
            : new FitReport(false, ConditionReasons.DoesNotFit, sizes.WeightsGiB, sizes.KvGiB, sizes.UsableGiB,
                $"{sizes.Numbers}. {Suggestion(shape!, spec, gpu, catalog, sizes, plan)}");
    }

    /// <summary>Sizes summed over the <see cref="Plan.Gpus"/> GPUs of one replica (tensor parallelism splits weights and KV evenly).</summary>
    private static FitSizes Sizes(ModelShape shape, LLMDeploymentSpec spec, string? quantization, GpuCatalogEntry gpu, Plan plan)
    {
        var context = spec.Model.MaxContextLength ?? shape.MaxContextTokens;
        var kvBytesPerToken = shape.KvBytesPerToken(KvCacheDtypes.BytesPerElement(spec.KvCacheDtype));
        var weightsGiB = WeightBytes.Model(shape, quantization) / BytesPerGiB;
        var kvGiB = kvBytesPerToken * context / BytesPerGiB;
        var usableGiB = plan.UsableGiB(gpu);
        var need = shape.NumLayers == 0
            ? string.Create(CultureInfo.InvariantCulture, $"about {weightsGiB:F1} GiB of weights (size read from the name; KV cache not estimated)")
            : string.Create(CultureInfo.InvariantCulture,
                $"{weightsGiB:F1} GiB of weights + {kvGiB:F1} GiB of {spec.KvCacheDtype ?? KvCacheDtypes.Auto} KV cache for one {context}-token sequence = {weightsGiB + kvGiB:F1} GiB");
        var numbers = string.Create(CultureInfo.InvariantCulture,
            $"{shape.Name} at {quantization ?? Quantizations.None} needs {need}; {plan.Offer(gpu, usableGiB)}");
        return new FitSizes(weightsGiB, kvGiB, kvBytesPerToken, usableGiB, numbers);
    }

    private static string Suggestion(ModelShape shape, LLMDeploymentSpec spec, GpuCatalogEntry gpu, GpuCatalog catalog, FitSizes sizes, Plan plan)
    {
        var options = new List<string>();
        var current = spec.Quantization ?? Quantizations.None;
        var quantization = Quantizations.All
            .Where(q => q != current && plan.Serves(spec, q))
            .Select(q => (Name: q, Sizes: Sizes(shape, spec, q, gpu, plan)))
            .Where(q => q.Sizes.Fits && q.Sizes.WeightsGiB < sizes.WeightsGiB)
            .OrderByDescending(q => q.Sizes.WeightsGiB)
            .Select(q => q.Name)
            .FirstOrDefault();
        if (quantization is not null)
        {
            options.Add(quantization is Quantizations.Int4Awq or Quantizations.Int4Gptq
                ? $"set spec.quantization to {quantization} (with a checkpoint exported in that format)"
                : $"set spec.quantization to {quantization}");
        }

        var larger = catalog.Names
            .Select(n => catalog.TryFind(n, out var e) ? e : null)
            .OfType<GpuCatalogEntry>()
            .Where(e => e.Name != gpu.Name && sizes.WeightsGiB + sizes.KvGiB <= plan.UsableGiB(e))
            .OrderBy(e => e.MemoryGiB)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (larger is not null)
        {
            options.Add(string.Create(CultureInfo.InvariantCulture, $"set spec.gpu.type to {larger.Name} ({larger.MemoryGiB:F0} GiB)"));
        }

        var contextTokens = sizes.KvBytesPerToken > 0
            ? (int)Math.Min(int.MaxValue, Math.Floor((sizes.UsableGiB - sizes.WeightsGiB) * BytesPerGiB / sizes.KvBytesPerToken))
            : 0;
        if (contextTokens >= 16)
        {
            options.Add(string.Create(CultureInfo.InvariantCulture, $"lower spec.model.maxContextLength to {contextTokens} or less"));
        }

        return options.Count == 0
            ? "Nothing in the GPU catalog holds it at any quantization."
            : $"To fit: {string.Join(", or ", options)}.";
    }

    /// <summary>The runtime and the GPUs one replica shards over.</summary>
    private sealed record Plan(IEngineRuntime Runtime, int Gpus)
    {
        /// <summary>Memory for weights and KV over the replica's GPUs: the runtime's share of each, less its overhead on each.</summary>
        public double UsableGiB(GpuCatalogEntry gpu) => Gpus * Math.Max(0, (gpu.MemoryGiB * Runtime.Memory.UsableFraction) - Runtime.Memory.OverheadGiBPerGpu);

        public string Offer(GpuCatalogEntry gpu, double usableGiB) => Gpus == 1 && Runtime.Memory.OverheadGiBPerGpu == 0
            ? string.Create(CultureInfo.InvariantCulture, $"one {gpu.Name} offers {usableGiB:F1} GiB usable ({Runtime.Memory.UsableFraction:P0} of {gpu.MemoryGiB:F0} GiB)")
            : string.Create(CultureInfo.InvariantCulture,
                $"{Gpus} × {gpu.Name} {(Gpus == 1 ? "offers" : "offer")} {usableGiB:F1} GiB usable under {Runtime.Name} ({Runtime.Memory.UsableFraction:P0} of {gpu.MemoryGiB:F0} GiB{(Gpus == 1 ? "" : " each")}, less {Runtime.Memory.OverheadGiBPerGpu:F1} GiB of runtime overhead per GPU{(Gpus == 1 ? "" : ", tensor parallel")})");

        /// <summary>True when the runtime can serve <paramref name="quantization"/> for <paramref name="spec"/>.</summary>
        public bool Serves(LLMDeploymentSpec spec, string quantization) => !Runtime.Validate(new LLMDeploymentSpec
        {
            Model = spec.Model,
            Quantization = quantization,
            KvCacheDtype = spec.KvCacheDtype,
            Gpu = spec.Gpu,
            Engine = spec.Engine,
        }).Any(p => p.Field == "spec.quantization");
    }

    private sealed record FitSizes(double WeightsGiB, double KvGiB, double KvBytesPerToken, double UsableGiB, string Numbers)
    {
        public bool Fits => WeightsGiB + KvGiB <= UsableGiB;
    }
}
