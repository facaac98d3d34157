using k8s.Models;

namespace Sluice.Entities.Catalog;

/// <summary>
/// One GPU type the cluster offers: how to request it (extended resource name), where it runs (node
/// selector, tolerations) and how much memory it holds, for the fit preflight.
/// </summary>
public sealed class GpuCatalogEntry
{
    /// <summary>The name spec.gpu.type refers to, e.g. <c>nvidia-h100-80gb</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The extended resource requested per GPU, e.g. <c>nvidia.com/gpu</c>.</summary>
    public string ResourceName { get; set; } = "nvidia.com/gpu";

    public Dictionary<string, string>? NodeSelector { get; set; }

    public List<V1Toleration>? Tolerations { get; set; }

    /// <summary>Device memory per GPU in GiB.</summary>
    public double MemoryGiB { get; set; }
}
