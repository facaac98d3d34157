using Sluice.Entities.Catalog;

namespace Sluice.Entities.Tests.Validation;

public class GpuCatalogTests
{
    [Fact]
    public void Default_catalog_resolves_h100_with_memory_and_scheduling()
    {
        GpuCatalog.Default.TryFind("nvidia-h100-80gb", out var h100).Should().BeTrue();
        h100!.MemoryGiB.Should().Be(80);
        h100.ResourceName.Should().Be("nvidia.com/gpu");
        h100.NodeSelector.Should().ContainKey("nvidia.com/gpu.product");
        h100.Tolerations.Should().ContainSingle(t => t.Key == "nvidia.com/gpu");
    }

    public static TheoryData<GpuCatalogEntry[], string> BadCatalogs => new()
    {
        { [new() { Name = "", MemoryGiB = 1 }], "no name" },
        { [new() { Name = "a", MemoryGiB = 0 }], "memoryGiB > 0" },
        { [new() { Name = "a", MemoryGiB = 1, ResourceName = " " }], "resourceName" },
        { [new() { Name = "a", MemoryGiB = 1 }, new() { Name = "a", MemoryGiB = 2 }], "twice" },
    };

    [Theory]
    [MemberData(nameof(BadCatalogs))]
    public void Bad_entries_are_rejected_with_the_reason(GpuCatalogEntry[] entries, string reason)
    {
        var build = () => new GpuCatalog(entries);

        build.Should().Throw<ArgumentException>().WithMessage($"*{reason}*");
    }
}
