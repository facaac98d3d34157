using Sluice.Engine.Cli;
using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Model;
using Sluice.Engine.Tests.Cuda;

namespace Sluice.Engine.Tests.Cli;

/// <summary>--tensor-parallel-size: parsed, validated at startup with one-line reasons, and refused on CUDA for now.</summary>
public sealed class TensorParallelFlagTests
{
    [Fact]
    public void The_size_defaults_to_one_and_is_parsed()
    {
        Parse([]).TensorParallelSize.Should().Be(1);
        Parse(["--tensor-parallel-size", "4"]).TensorParallelSize.Should().Be(4);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void A_size_below_one_is_a_bad_option(string value)
    {
        var act = () => Parse(["--tensor-parallel-size", value]);

        act.Should().Throw<ArgumentException>().WithMessage($"--tensor-parallel-size must be at least 1, got {value}");
    }

    [Theory]
    [InlineData("3", "--tensor-parallel-size 3: num_attention_heads 4 is not divisible by 3")]
    [InlineData("8", "--tensor-parallel-size 8: num_attention_heads 4 is not divisible by 8")]
    public async Task A_model_that_does_not_split_fails_at_startup_with_the_reason(string size, string reason)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-termination-{Guid.NewGuid():N}");
        var command = ServeCommand.Create(options => ModelLoader.Load(options.Model, null, options.Device, tensorParallelSize: options.TensorParallelSize));
        try
        {
            var exitCode = await command.Parse(["--model", "dummy://tiny", "--device", "cpu", "--port", "0", "--tensor-parallel-size", size, "--termination-message-path", path]).InvokeAsync();

            exitCode.Should().Be(1);
            File.ReadAllText(path).Should().Be(reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(2, 1, "--tensor-parallel-size 2 needs 2 GPUs; 1 visible")]
    [InlineData(8, 4, "--tensor-parallel-size 8 needs 8 GPUs; 4 visible")]
    [InlineData(2, 2, "--device cuda --tensor-parallel-size 2: CUDA tensor parallelism is not available yet*")]
    [InlineData(4, 8, "--device cuda --tensor-parallel-size 4: CUDA tensor parallelism is not available yet*")]
    public void Cuda_refuses_tensor_parallelism_naming_why(int size, int visibleGpus, string message) =>
        RunnerFactory.CudaTensorParallelProblem(size, visibleGpus).Should().Match(message);

    [NoGpuFact]
    public void Cuda_with_several_ranks_and_no_gpu_names_the_missing_driver()
    {
        var act = () => RunnerFactory.Load("dummy://tiny", "cuda", tensorParallelSize: 2);

        act.Should().Throw<InvalidOperationException>().WithMessage("--device cuda: *libcuda.so.1*");
    }

    [GpuFact]
    public void Cuda_with_several_ranks_is_refused_at_startup_on_a_gpu_machine()
    {
        var act = () => RunnerFactory.Load("dummy://tiny", "cuda", tensorParallelSize: 2);

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().MatchRegex("needs 2 GPUs|CUDA tensor parallelism is not available yet");
    }

    private static Sluice.Engine.Api.ServeOptions Parse(string[] args)
    {
        var command = ServeCommand.Create(_ => throw new InvalidOperationException("not loaded in this test"));
        return ServeCommand.ToOptions(command.Parse(args), _ => null);
    }
}
