namespace Sluice.Engine.Tests.Cuda;

/// <summary>
/// The quantized-matmul kernels of every format (quant.cu, quant_gemm.cu) run on the CPU by tools/cuda-check/emulator.h — each CUDA
/// thread a host thread, mma.sync emulated over the warp — against the reference in tools/cuda-check/quant_kernels_test.cpp,
/// so a kernel's results are checked on a machine without a GPU; selftest-cuda still checks them on one.
/// </summary>
public sealed class KernelEmulationTests
{
    [ClangFact]
    public void The_quantized_matmul_kernels_match_their_reference_on_the_emulator()
    {
        var tools = CudaCheckTools.Directory();
        var binary = Path.Combine(Path.GetTempPath(), $"sluice-quant-kernels-{Guid.NewGuid():N}");
        try
        {
            var (built, buildOutput) = CudaCheckTools.Run(ClangFactAttribute.Clang!, "--driver-mode=g++", "-std=c++20", "-O2", "-pthread", "-DSLUICE_KERNEL_EMULATION",
                "-include", Path.Combine(tools, "emulator.h"), Path.Combine(tools, "quant_kernels_test.cpp"), "-o", binary);
            built.Should().Be(0, buildOutput);

            var (exitCode, output) = CudaCheckTools.Run(binary);

            output.Should().NotContain("FAIL");
            var summary = System.Text.RegularExpressions.Regex.Match(output, @"(\d+) passed, 0 failed");
            summary.Success.Should().BeTrue(output);
            int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(18, "every case of the test program ran");
            exitCode.Should().Be(0, output);
        }
        finally
        {
            File.Delete(binary);
        }
    }
}
