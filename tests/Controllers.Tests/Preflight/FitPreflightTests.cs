using Sluice.Controllers.Preflight;
using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Preflight;

public class FitPreflightTests
{
    private static FitReport? Check(string source, string quantization, string gpu, int count, int? context = null)
    {
        var spec = new LLMDeploymentSpec
        {
            Model = new ModelSpec { Source = source, MaxContextLength = context },
            Quantization = quantization,
            Gpu = new GpuSpec { Type = gpu, Count = count },
        };
        GpuCatalog.Default.TryFind(gpu, out var entry);
        return FitPreflight.Check(spec, entry);
    }

    [Theory]
    [InlineData("hf://meta-llama/Meta-Llama-3-8B-Instruct", "none", "nvidia-h100-80gb", 1, true)]
    [InlineData("dummy://llama-3-70b", "none", "nvidia-h100-80gb", 1, false)]
    [InlineData("dummy://llama-3-70b", "int4-awq", "nvidia-h100-80gb", 1, true)]
    [InlineData("hf://meta-llama/Meta-Llama-3.1-70B-Instruct", "int4-awq", "nvidia-h200-141gb", 1, true)]
    [InlineData("dummy://llama-3-70b", "none", "nvidia-h100-80gb", 2, true)]
    [InlineData("hf://Qwen/Qwen2.5-72B-Instruct", "none", "nvidia-l4-24gb", 1, false)]
    public void Weights_plus_kv_against_usable_memory(string source, string quantization, string gpu, int count, bool fits)
    {
        Check(source, quantization, gpu, count)!.Fits.Should().Be(fits);
    }

    [Fact]
    public void Bf16_70b_on_one_h100_gives_the_numbers_and_what_would_fit()
    {
        var report = Check("dummy://llama-3-70b", "none", "nvidia-h100-80gb", 1)!;

        report.WeightsGiB.Should().BeApproximately(70.6e9 * 2 / (1 << 30), 0.1);
        report.KvCacheGiB.Should().BeApproximately(2.0 * 80 * 8 * 128 * 2 * 8192 / (1 << 30), 0.01);
        report.UsableGiB.Should().BeApproximately(72, 0.01);
        report.Message.Should().Contain("131.5 GiB of weights").And.Contain("int8").And.Contain("spec.gpu.count to 2");
    }

    [Theory]
    [InlineData(8192, 2.5)]
    [InlineData(32768, 10.0)]
    public void Kv_cache_grows_with_the_context(int context, double kvGiB)
    {
        Check("dummy://llama-3-70b", "int4-awq", "nvidia-h100-80gb", 1, context)!.KvCacheGiB.Should().BeApproximately(kvGiB, 0.01);
    }

    [Fact]
    public void Unknown_model_size_or_cpu_skips_the_check()
    {
        Check("hf://org/mystery-model", "none", "nvidia-h100-80gb", 1).Should().BeNull();
        FitPreflight.Check(new LLMDeploymentSpec { Model = new() { Source = "dummy://llama-3-70b" } }, null).Should().BeNull();
    }
}
