using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Tests.Cuda;

/// <summary>
/// The kernel program NVRTC compiles on a GPU machine (<see cref="KernelSources.Program"/>, the same text), checked here as
/// CUDA device code by clang against tools/cuda-check/nvrtc-builtins.h, so a syntax or type error in a .cu file fails on
/// a machine without a GPU instead of at the engine's start on one. Inline PTX is not assembled here (selftest-cuda does).
/// </summary>
public sealed class KernelProgramSyntaxTests
{
    [ClangFact]
    public void The_kernel_program_is_valid_cuda_device_code()
    {
        var (exitCode, output) = Check(KernelSources.Program());

        output.Should().NotContain("error:");
        exitCode.Should().Be(0, output);
    }

    [ClangFact]
    public void A_kernel_calling_an_undeclared_function_fails_the_check()
    {
        var (exitCode, output) = Check(KernelSources.Program() + "\nextern \"C\" __global__ void broken(float* y) { y[0] = not_a_builtin(1.f); }\n");

        exitCode.Should().NotBe(0);
        output.Should().Contain("not_a_builtin");
    }

    private static (int ExitCode, string Output) Check(string program)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sluice-kernels-{Guid.NewGuid():N}.cu");
        File.WriteAllText(file, program);
        try
        {
            return CudaCheckTools.Run(ClangFactAttribute.Clang!, "-x", "cuda", "--cuda-device-only", "-nocudainc", "-nocudalib", "--cuda-gpu-arch=sm_80",
                "-fsyntax-only", "-std=c++17", "-Wno-unknown-cuda-version", "-include", Path.Combine(CudaCheckTools.Directory(), "nvrtc-builtins.h"), file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
