using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Tests.Cuda;

public sealed class KernelCacheDirectoryTests
{
    [Theory]
    [InlineData("/cache/kernels", "/xdg", "/cache/kernels")]
    [InlineData("  ", "/xdg", "/xdg/sluice/kernels")]
    [InlineData(null, "/xdg", "/xdg/sluice/kernels")]
    [InlineData(null, null, "/home/engine/.cache/sluice/kernels")]
    public void Sluice_kernel_cache_wins_then_xdg_then_home(string? sluice, string? xdg, string expected)
    {
        var variables = new Dictionary<string, string?> { ["SLUICE_KERNEL_CACHE"] = sluice, ["XDG_CACHE_HOME"] = xdg };

        KernelCompiler.DefaultCacheDirectory(name => variables.GetValueOrDefault(name), "/home/engine").Should().Be(expected);
        KernelCompiler.CacheDirectoryEnv.Should().Be("SLUICE_KERNEL_CACHE");
    }
}
