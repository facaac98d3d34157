using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Compute.Cuda.SelfTest;
using Sluice.Engine.Tests.Model;

namespace Sluice.Engine.Tests.Cuda;

/// <summary>The CUDA runner against transformers' golden outputs, and decode graphs against eager steps.</summary>
public sealed class CudaGoldenTests
{
    private static readonly CudaRunnerOptions Options = new() { KernelCacheDirectory = Path.Combine(Path.GetTempPath(), "sluice-test-kernels") };

    [GpuTheory]
    [MemberData(nameof(ModelFixtures.All), MemberType = typeof(ModelFixtures))]
    public void Logits_and_greedy_continuations_match_transformers_within_bf16_tolerance(string arch)
    {
        var results = GoldenChecks.Run(ModelFixtures.Directory(arch), Options);

        results.Should().NotBeEmpty();
        results.Where(r => !r.Passed).Select(r => r.ToString()).Should().BeEmpty();
    }

    [GpuFact]
    public void Decode_graph_replays_match_eager_steps()
    {
        var result = GraphChecks.Run(ModelFixtures.Directory("llama"), Options);

        result.Passed.Should().BeTrue(result.ToString());
    }

    [GpuFact]
    public void Second_backend_loads_kernels_from_the_disk_cache()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"sluice-cache-test-{Guid.NewGuid():N}");
        try
        {
            using (var first = new CudaBackend(new CudaRunnerOptions { KernelCacheDirectory = dir }))
            {
                first.KernelsFromCache.Should().BeFalse();
            }

            using var second = new CudaBackend(new CudaRunnerOptions { KernelCacheDirectory = dir });
            second.KernelsFromCache.Should().BeTrue();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
