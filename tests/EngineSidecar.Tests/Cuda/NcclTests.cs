using Sluice.Engine.Compute.Cuda.Native;
using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Compute.Cuda.SelfTest;

namespace Sluice.Engine.Tests.Cuda;

/// <summary>The NCCL bindings on one GPU (one rank): collectives leave the input unchanged. Needs libnccl.so.2 on the loader path.</summary>
public sealed class NcclTests
{
    [Fact]
    public void Nvlink_multicast_is_turned_off_in_the_environment_nccl_reads()
    {
        Nccl.DisableNvlinkMulticast();

        Nccl.NativeEnvironment(Nccl.NvlsEnableVariable).Should().Be("0");
        Nccl.NativeEnvironment("SLUICE_SURELY_UNSET_VARIABLE").Should().BeNull();
    }

    [GpuFact]
    public void One_rank_all_reduce_and_all_gather_equal_the_input()
    {
        using var device = new CudaDevice();

        var result = NcclChecks.OneRank(device);

        result.Passed.Should().BeTrue(result.ToString());
        result.Detail.Should().Contain("NCCL_NVLS_ENABLE=0");
    }
}
