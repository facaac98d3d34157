using System.Globalization;
using Sluice.Entities.Catalog;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Preflight;

/// <summary>
/// Checks before any pod starts that the weights at the chosen quantization plus the KV cache of one
/// max-context sequence fit in <see cref="UsableFraction"/> of the GPUs' memory; when not, says by how much
/// and what would fit (a smaller quantization, or more GPUs).
/// </summary>
public static class FitPreflight
{
    /// <summary>Share of device memory left for weights and KV after the CUDA context, activations and workspace.</summary>
    public const double UsableFraction = 0.9;

    private const double BytesPerGiB = 1024.0 * 1024 * 1024;

    /// <summary>The report, or null when there is no GPU or the model's size is unknown (nothing to check).</summary>
    public static FitReport? Check(LLMDeploymentSpec spec, GpuCatalogEntry? gpu)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (gpu is null || !ModelSource.TryParse(spec.Model.Source, out var source) || KnownModels.Find(source) is not { } shape)
        {
            return null;
        }

        var count = spec.Gpu?.Count ?? 1;
        var context = spec.Model.MaxContextLength ?? shape.MaxContextTokens;
        var kvBytesPerElement = KvCacheDtypes.BytesPerElement(spec.KvCacheDtype);
        var weightsGiB = WeightsGiB(shape, spec.Quantization);
        var kvGiB = shape.KvBytesPerToken(kvBytesPerElement) * context / BytesPerGiB;
        var usableGiB = gpu.MemoryGiB * count * UsableFraction;
        var needGiB = weightsGiB + kvGiB;
        var numbers = string.Create(CultureInfo.InvariantCulture,
            $"{shape.Name} at {spec.Quantization ?? Quantizations.None} needs {weightsGiB:F1} GiB of weights + {kvGiB:F1} GiB of KV cache for one {context}-token sequence = {needGiB:F1} GiB; {count} x {gpu.Name} offer {usableGiB:F1} GiB usable ({UsableFraction:P0} of {gpu.MemoryGiB * count:F0} GiB)");
        if (needGiB <= usableGiB)
        {
            return new FitReport(true, weightsGiB, kvGiB, usableGiB, numbers);
        }

        return new FitReport(false, weightsGiB, kvGiB, usableGiB, $"{numbers}. {Suggestion(shape, spec, gpu, kvGiB, usableGiB)}");
    }

    private static double WeightsGiB(ModelShape shape, string? quantization) =>
        shape.NumParameters * Quantizations.BytesPerParameter(quantization) / BytesPerGiB;

    private static string Suggestion(ModelShape shape, LLMDeploymentSpec spec, GpuCatalogEntry gpu, double kvGiB, double usableGiB)
    {
        var options = new List<string>();
        var quantization = Quantizations.All
            .Where(q => q != (spec.Quantization ?? Quantizations.None))
            .Select(q => (Name: q, NeedGiB: WeightsGiB(shape, q) + kvGiB))
            .Where(q => q.NeedGiB <= usableGiB)
            .OrderByDescending(q => q.NeedGiB)
            .Select(q => q.Name)
            .FirstOrDefault();
        if (quantization is not null)
        {
            options.Add($"set spec.quantization to {quantization}");
        }

        var perGpuGiB = gpu.MemoryGiB * UsableFraction;
        var needed = (int)Math.Ceiling((WeightsGiB(shape, spec.Quantization) + kvGiB) / perGpuGiB);
        if (needed <= 16)
        {
            options.Add(string.Create(CultureInfo.InvariantCulture, $"set spec.gpu.count to {needed}"));
        }

        if (kvGiB >= 1)
        {
            options.Add("lower spec.model.maxContextLength");
        }

        return $"To fit: {string.Join(", or ", options)}.";
    }
}
