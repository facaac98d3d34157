using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Reconciling;

public class EngineMismatchCheckTests
{
    private static EngineStatus Reported(string quantization, string kv, long generation = 3) =>
        new() { Quantization = quantization, KvCacheDtype = kv, Pod = "chat-a", ObservedGeneration = generation };

    [Theory]
    [InlineData("int4-awq", "auto", "int4-awq", "bf16")]
    [InlineData(null, null, "none", "bf16")]
    [InlineData("fp8", "fp8", "fp8", "fp8")]
    [InlineData("none", "auto", "none", "fp16")]
    public void Agreement_is_no_problem(string? quantization, string? kv, string reportedQuantization, string reportedKv)
    {
        var spec = new LLMDeploymentSpec { Quantization = quantization, KvCacheDtype = kv };

        EngineMismatchCheck.Message(spec, Reported(reportedQuantization, reportedKv), 3).Should().BeNull();
    }

    [Fact]
    public void Another_quantization_or_kv_type_is_named_with_both_values()
    {
        var spec = new LLMDeploymentSpec { Quantization = "int4-awq", KvCacheDtype = "fp8" };

        var message = EngineMismatchCheck.Message(spec, Reported("none", "bf16"), 3);

        message.Should().Be("the engine in pod chat-a reports quantization none where spec.quantization is int4-awq and KV cache type bf16 where "
            + "spec.kvCacheDtype is fp8; its image may not support the flags the operator passes (check spec.engine.image)");
    }

    [Fact]
    public void A_report_for_another_generation_or_none_says_nothing()
    {
        var spec = new LLMDeploymentSpec { Quantization = "fp8" };

        EngineMismatchCheck.Message(spec, Reported("none", "bf16", generation: 2), 3).Should().BeNull();
        EngineMismatchCheck.Message(spec, null, 3).Should().BeNull();
    }
}
