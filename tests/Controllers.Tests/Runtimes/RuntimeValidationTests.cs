using Sluice.Controllers.Preflight;
using Sluice.Controllers.Runtimes;
using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>Which spec values each runtime serves, and the fit preflight's per-runtime memory and tensor parallelism.</summary>
public sealed class RuntimeValidationTests
{
    [Theory]
    [InlineData(EngineRuntimes.Vllm, Quantizations.Int8, false)]
    [InlineData(EngineRuntimes.Vllm, Quantizations.Int4Awq, true)]
    [InlineData(EngineRuntimes.Sglang, Quantizations.Int8, false)]
    [InlineData(EngineRuntimes.Tgi, Quantizations.Int8, true)]
    [InlineData(EngineRuntimes.Lmdeploy, Quantizations.Fp8, true)]
    [InlineData(EngineRuntimes.Lmdeploy, Quantizations.Int8, false)]
    [InlineData(EngineRuntimes.Lmdeploy, Quantizations.Int4Gptq, true)]
    [InlineData(EngineRuntimes.Trtllm, Quantizations.Fp8, false)]
    [InlineData(EngineRuntimes.Trtllm, Quantizations.None, true)]
    public void Each_runtime_serves_its_quantizations_and_refuses_the_others_with_the_reason(string runtime, string quantization, bool served)
    {
        var problems = EngineRuntimeCatalog.Validate(Spec(runtime, s => s.Quantization = quantization));

        if (served)
        {
            problems.Should().BeEmpty();
        }
        else
        {
            problems.Should().ContainSingle().Which.Should().Match<Sluice.Entities.Validation.SpecProblem>(p =>
                p.Field == "spec.quantization" && p.Reason == ConditionReasons.QuantizationUnsupported && p.Message.Contains(runtime, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Lmdeploy_refuses_an_fp8_kv_cache()
    {
        EngineRuntimeCatalog.Validate(Spec(EngineRuntimes.Lmdeploy, s => s.KvCacheDtype = KvCacheDtypes.Fp8))
            .Should().ContainSingle(p => p.Field == "spec.kvCacheDtype" && p.Message.Contains("--quant-policy", StringComparison.Ordinal));
    }

    [Fact]
    public void Proxied_runtimes_need_a_gpu_and_real_weights()
    {
        var problems = EngineRuntimeCatalog.Validate(new LLMDeploymentSpec
        {
            Model = new ModelSpec { Source = "dummy://tiny" },
            Engine = new EngineSpec { Runtime = EngineRuntimes.Vllm },
        });

        problems.Select(p => (p.Field, p.Reason)).Should().BeEquivalentTo([
            ("spec.gpu", ConditionReasons.RuntimeUnsupported), ("spec.model.source", ConditionReasons.RuntimeUnsupported)]);
    }

    [Fact]
    public void An_unknown_runtime_name_is_refused()
    {
        EngineRuntimeCatalog.Validate(Spec("ollama")).Should().ContainSingle(p => p.Field == "spec.engine.runtime" && p.Reason == ConditionReasons.InvalidSpec);
    }

    [Fact]
    public void Tensor_parallel_runtimes_fit_a_70b_model_on_two_gpus_while_sluice_refuses_the_count()
    {
        GpuCatalog.Default.TryFind("nvidia-h100-80gb", out var h100);

        var vllm = FitPreflight.Check(Spec(EngineRuntimes.Vllm, s => s.Gpu!.Count = 2, "dummy://llama-3-70b"), h100, GpuCatalog.Default)!;
        var sluice = FitPreflight.Check(Spec(EngineRuntimes.Sluice, s => s.Gpu!.Count = 2, "dummy://llama-3-70b"), h100, GpuCatalog.Default)!;
        var vllmOne = FitPreflight.Check(Spec(EngineRuntimes.Vllm, s => s.Gpu!.Count = 1, "dummy://llama-3-70b"), h100, GpuCatalog.Default)!;

        vllm.Fits.Should().BeTrue(vllm.Message);
        vllm.Message.Should().Contain("2 × nvidia-h100-80gb offer").And.Contain("tensor parallel").And.Contain("vllm");
        vllm.UsableGiB.Should().BeApproximately(2 * ((80 * VllmRuntime.GpuMemoryUtilization) - 2.0), 1e-9);
        (sluice.Fits, sluice.Reason).Should().Be((false, ConditionReasons.GpuCountUnsupported));
        (vllmOne.Fits, vllmOne.Reason).Should().Be((false, ConditionReasons.DoesNotFit));
        vllmOne.Message.Should().NotContain("int8", "vLLM cannot serve int8, so the preflight never suggests it");
    }

    private static LLMDeploymentSpec Spec(string runtime, Action<LLMDeploymentSpec>? edit = null, string source = "hf://meta-llama/Llama-3.1-8B-Instruct")
    {
        var spec = new LLMDeploymentSpec
        {
            Model = new ModelSpec { Source = source, MaxContextLength = 8192 },
            Gpu = new GpuSpec { Type = "nvidia-h100-80gb", Count = 1 },
            Engine = new EngineSpec { Runtime = runtime },
        };
        edit?.Invoke(spec);
        return spec;
    }
}
