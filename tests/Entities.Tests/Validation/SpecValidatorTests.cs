using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Entities.Tests.Validation;

public class SpecValidatorTests
{
    private static LLMDeploymentSpec Spec(string source = "dummy://tiny", string? gpu = null, int? min = null, int? max = null,
        string? quantization = null, string? ttft = null, string? kv = null) => new()
        {
            Model = new ModelSpec { Source = source },
            Gpu = gpu is null ? null : new GpuSpec { Type = gpu },
            Scaling = new ScalingSpec { MinReplicas = min, MaxReplicas = max },
            Quantization = quantization,
            KvCacheDtype = kv,
            Slo = new SloSpec { Ttft = ttft },
        };

    public static TheoryData<LLMDeploymentSpec, string?, string?> Cases => new()
    {
        { Spec(), null, null },
        { Spec(gpu: "nvidia-h100-80gb", min: 1, max: 4), null, null },
        { Spec(min: 3, max: 2), "spec.scaling", ConditionReasons.InvalidScaling },
        { Spec(min: 2), null, null },
        { Spec(max: 0), "spec.scaling", ConditionReasons.InvalidScaling },
        { Spec(gpu: "nvidia-b300"), "spec.gpu.type", ConditionReasons.UnknownGpuType },
        { Spec(source: "ftp://bucket/model"), "spec.model.source", ConditionReasons.InvalidSpec },
        { Spec(quantization: "int3"), "spec.quantization", ConditionReasons.InvalidSpec },
        { Spec(ttft: "fast"), "spec.slo.ttft", ConditionReasons.InvalidSpec },
        { Spec(kv: "fp8"), null, null },
        { Spec(kv: "int8"), "spec.kvCacheDtype", ConditionReasons.InvalidSpec },
    };

    [Theory]
    [InlineData(null, "bf16", true)]
    [InlineData("auto", "fp16", true)]
    [InlineData("auto", "fp8", false)]
    [InlineData("fp8", "fp8", true)]
    [InlineData("fp8", "bf16", false)]
    public void Kv_dtype_auto_is_any_activation_type_and_fp8_only_fp8(string? requested, string reported, bool satisfied)
    {
        KvCacheDtypes.Satisfies(requested, reported).Should().Be(satisfied);
    }

    [Theory]
    [InlineData("auto", 2)]
    [InlineData("fp8", 1)]
    public void Kv_bytes_per_element(string dtype, int bytes)
    {
        KvCacheDtypes.BytesPerElement(dtype).Should().Be(bytes);
        FluentActions.Invoking(() => KvCacheDtypes.BytesPerElement("int8")).Should().Throw<ArgumentException>().WithMessage("*auto, fp8*");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Finds_the_problem(LLMDeploymentSpec spec, string? field, string? reason)
    {
        var problems = SpecValidator.Validate(spec, GpuCatalog.Default);

        if (field is null)
        {
            problems.Should().BeEmpty();
        }
        else
        {
            problems.Should().ContainSingle().Which.Should().Match<SpecProblem>(p => p.Field == field && p.Reason == reason);
        }
    }

    [Fact]
    public void Unknown_gpu_message_lists_the_known_types()
    {
        var problem = SpecValidator.Validate(Spec(gpu: "nvidia-b300"), GpuCatalog.Default).Single();

        problem.Message.Should().Contain("nvidia-b300").And.Contain("nvidia-h100-80gb").And.Contain("nvidia-h200-141gb");
    }

    [Fact]
    public void Min_over_max_message_names_both_numbers()
    {
        SpecValidator.Validate(Spec(min: 5, max: 2), GpuCatalog.Default).Single().Message
            .Should().Contain("minReplicas 5").And.Contain("maxReplicas 2");
    }
}
