namespace Sluice.Engine.Tests.Cuda;

/// <summary>
/// Kernels run on the CPU by tools/cuda-check/emulator.h — each CUDA thread a host thread, mma.sync emulated over the
/// warp — against the references of the test programs in tools/cuda-check: the quantized matmuls of every format
/// (quant.cu, quant_gemm.cu), the decode attention (attention.cu, kv_fp8.cu) and the prefill attention on tensor cores
/// (prefill_attention.cu), so their results are checked on a machine without a GPU; selftest-cuda still checks them on one.
/// </summary>
public sealed class KernelEmulationTests
{
    [ClangTheory]
    [InlineData("quant_kernels_test.cpp", 18)]
    [InlineData("attention_kernels_test.cpp", 12)]
    [InlineData("prefill_kernels_test.cpp", 5)]
    public void The_kernels_match_their_reference_on_the_emulator(string program, int cases)
    {
        var tools = CudaCheckTools.Directory();
        var binary = Path.Combine(Path.GetTempPath(), $"sluice-kernels-{Path.GetFileNameWithoutExtension(program)}-{Guid.NewGuid():N}");
        try
        {
            var (built, buildOutput) = CudaCheckTools.Run(ClangFactAttribute.Clang!, "--driver-mode=g++", "-std=c++20", "-O2", "-pthread", "-DSLUICE_KERNEL_EMULATION",
                "-include", Path.Combine(tools, "emulator.h"), Path.Combine(tools, program), "-o", binary);
            built.Should().Be(0, buildOutput);

            var (exitCode, output) = CudaCheckTools.Run(binary);

            output.Should().NotContain("FAIL");
            var summary = System.Text.RegularExpressions.Regex.Match(output, @"(\d+) passed, 0 failed");
            summary.Success.Should().BeTrue(output);
            int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(cases, "every case of the test program ran");
            exitCode.Should().Be(0, output);
        }
        finally
        {
            File.Delete(binary);
        }
    }
}
