using Sluice.Controllers.Preflight;
using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Preflight;

public class FitPreflightTests
{
    private const double GiB = 1024.0 * 1024 * 1024;

    private static FitReport? Check(string source, string quantization, string gpu, int count = 1, int? context = null, string? kv = null)
    {
        var spec = new LLMDeploymentSpec
        {
            Model = new ModelSpec { Source = source, MaxContextLength = context },
            Quantization = quantization,
            KvCacheDtype = kv,
            Gpu = new GpuSpec { Type = gpu, Count = count },
        };
        GpuCatalog.Default.TryFind(gpu, out var entry);
        return FitPreflight.Check(spec, entry, GpuCatalog.Default);
    }

    [Theory]
    [InlineData("hf://meta-llama/Meta-Llama-3-8B-Instruct", "none", "nvidia-h100-80gb", true)]
    [InlineData("dummy://llama-3-70b", "none", "nvidia-h100-80gb", false)]
    [InlineData("dummy://llama-3-70b", "none", "nvidia-h200-141gb", false)]
    [InlineData("dummy://llama-3-70b", "int4-awq", "nvidia-h100-80gb", true)]
    [InlineData("hf://casperhansen/llama-3-70b-instruct-awq", "int4-awq", "nvidia-h100-80gb", true)]
    [InlineData("hf://meta-llama/Meta-Llama-3.1-70B-Instruct", "int4-awq", "nvidia-h200-141gb", true)]
    [InlineData("dummy://llama-3-70b", "fp8", "nvidia-h200-141gb", true)]
    [InlineData("dummy://llama-3-70b", "int4-awq", "nvidia-a100-40gb", false)]
    [InlineData("hf://Qwen/Qwen2.5-72B-Instruct", "none", "nvidia-l4-24gb", false)]
    public void Weights_plus_kv_against_usable_memory_of_one_gpu(string source, string quantization, string gpu, bool fits)
    {
        Check(source, quantization, gpu)!.Fits.Should().Be(fits);
    }

    // Llama-3-8B: per layer q 4096², k and v 1024×4096, o 4096², gate and up 14336×4096, down 4096×14336 = 218,103,808
    // linear weights, × 32 layers = 6,979,321,856; embedding and lm_head 2 × 128256 × 4096 = 1,050,673,152, norms 65 × 4096.
    // Llama-3-70B: per layer 855,638,016 × 80 = 68,451,041,280 linear; embedding + lm_head 2 × 128256 × 8192, norms 161 × 8192.
    [Theory]
    [InlineData("llama-3-8b", "none", 2.0 * (6_979_321_856 + 1_050_939_392))]
    // 1 byte per weight + an fp32 scale per output channel (per layer 4096+1024+1024+4096+14336+14336+4096 = 43008 channels).
    [InlineData("llama-3-8b", "fp8", 6_979_321_856 + 4.0 * 43008 * 32 + 2.0 * 1_050_939_392)]
    // ½ byte per weight + per 128 input columns and output channel an fp16 scale (2 B) and a 4-bit zero (½ B): 2.5/128 B per weight.
    [InlineData("llama-3-8b", "int4-awq", 6_979_321_856 * (0.5 + 2.5 / 128) + 2.0 * 1_050_939_392)]
    // GPTQ adds an int32 g_idx per input column of each matrix: per layer 4096×6 + 14336 = 38912 columns.
    [InlineData("llama-3-8b", "int4-gptq", 6_979_321_856 * (0.5 + 2.5 / 128) + 4.0 * 38912 * 32 + 2.0 * 1_050_939_392)]
    [InlineData("llama-3-70b", "none", 2.0 * (68_451_041_280 + 2_102_665_216))]
    [InlineData("llama-3-70b", "fp8", 68_451_041_280 + 4.0 * 83968 * 80 + 2.0 * 2_102_665_216)]
    [InlineData("llama-3-70b", "int4-awq", 68_451_041_280 * (0.5 + 2.5 / 128) + 2.0 * 2_102_665_216)]
    public void Weight_bytes_count_quantized_linears_their_scales_and_bf16_embeddings(string model, string quantization, double bytes)
    {
        var shape = KnownModels.Find(Sluice.Entities.Model.ModelSource.Parse($"dummy://{model}"))!;

        WeightBytes.Model(shape, quantization).Should().BeApproximately(bytes, 1);
    }

    [Fact]
    public void Known_shapes_add_up_to_the_published_parameter_counts()
    {
        Shape("llama-3-8b").NumParameters.Should().BeApproximately(8.03e9, 0.01e9);
        Shape("llama-3-70b").NumParameters.Should().BeApproximately(70.55e9, 0.01e9);
        Shape("qwen2.5-7b").NumParameters.Should().BeApproximately(7.62e9, 0.01e9);
        Shape("mistral-7b").NumParameters.Should().BeApproximately(7.24e9, 0.01e9);
        Shape("phi-3-mini").NumParameters.Should().BeApproximately(3.82e9, 0.01e9);
    }

    [Fact]
    public void Llama_3_70b_int4_awq_is_about_37_gib_and_fits_one_h100_and_one_h200()
    {
        var h100 = Check("hf://casperhansen/llama-3-70b-instruct-awq", "int4-awq", "nvidia-h100-80gb")!;
        var h200 = Check("hf://casperhansen/llama-3-70b-instruct-awq", "int4-awq", "nvidia-h200-141gb")!;

        h100.WeightsGiB.Should().BeApproximately(37.04, 0.01);
        h100.KvCacheGiB.Should().BeApproximately(2.5, 1e-9, "2 × 80 layers × 8 KV heads × 128 × 2 bytes × 8192 tokens");
        (h100.Fits, h200.Fits).Should().Be((true, true));
        h100.Message.Should().Contain("37.0 GiB of weights").And.Contain("72.0 GiB usable");
    }

    [Fact]
    public void Llama_3_70b_fp8_is_about_68_gib_fits_an_h100_at_8k_but_not_at_16k_unless_the_kv_cache_is_fp8()
    {
        var at8k = Check("dummy://llama-3-70b", "fp8", "nvidia-h100-80gb")!;
        var at16k = Check("dummy://llama-3-70b", "fp8", "nvidia-h100-80gb", context: 16384)!;
        var at16kFp8Kv = Check("dummy://llama-3-70b", "fp8", "nvidia-h100-80gb", context: 16384, kv: "fp8")!;

        at8k.WeightsGiB.Should().BeApproximately(67.69, 0.01);
        at8k.Fits.Should().BeTrue("67.7 + 2.5 = 70.2 GiB ≤ 72 GiB usable");
        at16k.Fits.Should().BeFalse("67.7 + 5.0 = 72.7 GiB > 72 GiB");
        at16k.Reason.Should().Be(ConditionReasons.DoesNotFit);
        // (72 − 67.6915) GiB / 327,680 B per token = 14117 tokens.
        at16k.Message.Should().Contain("set spec.gpu.type to nvidia-h200-141gb").And.Contain("maxContextLength to 14117 or less")
            .And.NotContain("spec.gpu.count");
        at16kFp8Kv.KvCacheGiB.Should().BeApproximately(2.5, 1e-9, "fp8 KV is 1 byte per element");
        at16kFp8Kv.Fits.Should().BeTrue();
    }

    [Fact]
    public void Bf16_70b_on_one_h100_gives_the_numbers_and_suggests_a_smaller_quantization()
    {
        var report = Check("dummy://llama-3-70b", "none", "nvidia-h100-80gb")!;

        report.WeightsGiB.Should().BeApproximately(131.42, 0.01);
        report.UsableGiB.Should().BeApproximately(72, 1e-9);
        report.Message.Should().Contain("131.4 GiB of weights").And.Contain("set spec.quantization to int8")
            .And.NotContain("spec.gpu.count").And.NotContain("spec.gpu.type", "no GPU in the catalog holds 133.9 GiB");
    }

    [Fact]
    public void A_model_that_fits_no_gpu_at_its_quantization_points_to_a_larger_gpu_type()
    {
        var report = Check("dummy://llama-3-70b", "int4-awq", "nvidia-a100-40gb")!;

        report.Fits.Should().BeFalse("37.0 + 2.5 GiB > 36 GiB usable");
        report.Message.Should().Contain("set spec.gpu.type to nvidia-l40s-48gb (48 GiB)", "the smallest catalog GPU with 39.5 GiB usable")
            .And.NotContain("spec.quantization to", "no smaller format than int4-awq").And.NotContain("maxContextLength", "the weights alone do not fit");
    }

    [Fact]
    public void More_than_one_gpu_is_refused_with_the_one_gpu_numbers_and_advice()
    {
        var fitsOne = Check("dummy://llama-3-8b", "none", "nvidia-h100-80gb", count: 2)!;
        var needsMore = Check("dummy://llama-3-70b", "none", "nvidia-h100-80gb", count: 2)!;
        var unknownModel = Check("hf://org/mystery-model", "none", "nvidia-h100-80gb", count: 4)!;

        fitsOne.Fits.Should().BeFalse();
        fitsOne.Reason.Should().Be(ConditionReasons.GpuCountUnsupported);
        fitsOne.Message.Should().Contain("spec.gpu.count is 2").And.Contain("does not shard").And.Contain("set spec.gpu.count to 1");
        needsMore.Message.Should().Contain("On one GPU: llama-3-70b at none needs 131.4 GiB").And.Contain("set spec.quantization to int8");
        (unknownModel.Fits, unknownModel.Reason, unknownModel.WeightsGiB).Should().Be((false, ConditionReasons.GpuCountUnsupported, null));
    }

    [Theory]
    [InlineData(8192, 2.5)]
    [InlineData(32768, 10.0)]
    public void Kv_cache_grows_with_the_context(int context, double kvGiB)
    {
        Check("dummy://llama-3-70b", "int4-awq", "nvidia-h100-80gb", context: context)!.KvCacheGiB.Should().BeApproximately(kvGiB, 1e-9);
    }

    [Fact]
    public void Unknown_model_size_or_cpu_skips_the_check()
    {
        Check("hf://org/mystery-model", "none", "nvidia-h100-80gb").Should().BeNull();
        FitPreflight.Check(new LLMDeploymentSpec { Model = new() { Source = "dummy://llama-3-70b" } }, null, GpuCatalog.Default).Should().BeNull();
    }

    [Fact]
    public void A_size_guessed_from_the_name_counts_every_parameter_as_a_quantized_weight()
    {
        var report = Check("hf://Qwen/Qwen2.5-72B-Instruct", "int4-awq", "nvidia-h100-80gb")!;

        report.WeightsGiB.Should().BeApproximately(72e9 * (0.5 + 2.5 / 128) / GiB + 4.0 * 4096 / GiB, 0.01);
        report.KvCacheGiB.Should().Be(0);
    }

    private static ModelShape Shape(string name) => KnownModels.Find(Sluice.Entities.Model.ModelSource.Parse($"dummy://{name}"))!;
}
