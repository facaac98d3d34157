using Sluice.Engine.Compute.Cuda.SelfTest;

namespace Sluice.Engine.Tests.Cuda;

/// <summary>Every CUDA kernel against its CPU twin (see <see cref="KernelChecks"/>); outputs are poisoned with NaN first.</summary>
public sealed class CudaKernelTests(CudaBackendFixture fixture) : IClassFixture<CudaBackendFixture>
{
    public static TheoryData<string> Checks => [.. KernelChecks.All.Keys];

    [GpuTheory]
    [MemberData(nameof(Checks))]
    public void Kernel_matches_its_cpu_twin(string check)
    {
        using var harness = new TwinHarness(fixture.Backend, seed: check.Length);

        var result = KernelChecks.All[check](harness);

        result.Passed.Should().BeTrue(result.ToString());
    }
}
