using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cuda;

namespace Sluice.Engine.Tests.Cuda;

public sealed class RunnerFactoryTests
{
    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("cuda", "cuda")]
    public void Explicit_devices_resolve_to_themselves(string device, string expected) =>
        RunnerFactory.Resolve(device).Should().Be(expected);

    [Theory]
    [InlineData("gpu")]
    [InlineData("CUDA")]
    [InlineData("")]
    public void Unknown_devices_are_rejected_with_the_choices(string device)
    {
        var act = () => RunnerFactory.Resolve(device);

        act.Should().Throw<ArgumentException>().WithMessage("*auto, cpu, cuda*");
    }

    [NoGpuFact]
    public void Auto_falls_back_to_the_cpu_without_a_gpu()
    {
        using var runner = RunnerFactory.Load("dummy://tiny", "auto");

        runner.Should().BeOfType<TransformerRunner>().Which.BackendName.Should().Be("cpu");
    }

    [NoGpuFact]
    public void Cuda_without_a_gpu_fails_with_the_reason()
    {
        var act = () => RunnerFactory.Load("dummy://tiny", "cuda");

        act.Should().Throw<InvalidOperationException>().WithMessage("--device cuda: *libcuda.so.1*");
    }

    [GpuFact]
    public void Auto_picks_cuda_on_a_gpu_machine()
    {
        using var runner = RunnerFactory.Load("dummy://tiny", "auto");

        runner.Should().BeOfType<CudaTransformerRunner>();
    }
}
