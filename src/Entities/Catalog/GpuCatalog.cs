using System.Diagnostics.CodeAnalysis;

namespace Sluice.Entities.Catalog;

/// <summary>The GPU types the operator knows, by name (case-sensitive, as in spec.gpu.type).</summary>
public sealed class GpuCatalog
{
    private readonly Dictionary<string, GpuCatalogEntry> _byName;

    /// <summary>Builds a catalog; throws <see cref="ArgumentException"/> on an empty or duplicate name or a non-positive memory size.</summary>
    public GpuCatalog(IEnumerable<GpuCatalogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _byName = new Dictionary<string, GpuCatalogEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new ArgumentException("a GPU catalog entry has no name", nameof(entries));
            }

            if (entry.MemoryGiB <= 0)
            {
                throw new ArgumentException($"GPU catalog entry '{entry.Name}' needs memoryGiB > 0", nameof(entries));
            }

            if (string.IsNullOrWhiteSpace(entry.ResourceName))
            {
                throw new ArgumentException($"GPU catalog entry '{entry.Name}' needs a resourceName", nameof(entries));
            }

            if (!_byName.TryAdd(entry.Name, entry))
            {
                throw new ArgumentException($"GPU catalog lists '{entry.Name}' twice", nameof(entries));
            }
        }
    }

    /// <summary>Names in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys.Order(StringComparer.Ordinal)];

    public bool TryFind(string name, [NotNullWhen(true)] out GpuCatalogEntry? entry) => _byName.TryGetValue(name, out entry);

    /// <summary>Common NVIDIA data-center GPUs requested as <c>nvidia.com/gpu</c> on nodes labelled by GPU feature discovery.</summary>
    public static GpuCatalog Default { get; } = new(
    [
        Nvidia("nvidia-h100-80gb", "NVIDIA-H100-80GB-HBM3", 80),
        Nvidia("nvidia-h200-141gb", "NVIDIA-H200", 141),
        Nvidia("nvidia-a100-80gb", "NVIDIA-A100-SXM4-80GB", 80),
        Nvidia("nvidia-a100-40gb", "NVIDIA-A100-SXM4-40GB", 40),
        Nvidia("nvidia-l40s-48gb", "NVIDIA-L40S", 48),
        Nvidia("nvidia-l4-24gb", "NVIDIA-L4", 24),
    ]);

    private static GpuCatalogEntry Nvidia(string name, string product, double memoryGiB) => new()
    {
        Name = name,
        ResourceName = "nvidia.com/gpu",
        NodeSelector = new Dictionary<string, string> { ["nvidia.com/gpu.product"] = product },
        Tolerations = [new() { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" }],
        MemoryGiB = memoryGiB,
    };
}
