using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.Metrics;
using Sluice.Controllers.SloControl;
using Sluice.Controllers.Tests.Desired;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.SloControl;

public class EngineReportTests
{
    private static V1Pod PodFor(string name, LLMDeploymentSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "engine", Args = EngineArgs.For(spec, new EngineSettings()) }] },
    };

    private static LLMDeploymentSpec Spec(string quantization, string kv = "auto") =>
        Fixtures.Resource(edit: s => { s.Quantization = quantization; s.KvCacheDtype = kv; }).Spec;

    [Fact]
    public void The_first_current_pod_by_name_with_a_report_speaks_for_the_generation()
    {
        var spec = Spec("int4-awq");
        var pods = new[] { PodFor("chat-c", spec), PodFor("chat-b", spec), PodFor("chat-a", spec) };
        var reports = new Dictionary<string, EngineModelInfo>
        {
            ["chat-b"] = new("llama", "int4-awq", "bf16"),
            ["chat-c"] = new("llama", "none", "bf16"),
        };

        var engine = EngineReport.From(pods, reports, spec, 7)!;

        (engine.Quantization, engine.KvCacheDtype, engine.Pod, engine.ObservedGeneration).Should().Be(("int4-awq", "bf16", "chat-b", 7L));
    }

    [Fact]
    public void Pods_started_with_other_flags_are_not_asked_so_a_rollout_is_no_mismatch()
    {
        var spec = Spec("fp8", "fp8");
        var pods = new[] { PodFor("old-a", Spec("none")), PodFor("old-b", Spec("fp8")) };
        var reports = new Dictionary<string, EngineModelInfo> { ["old-a"] = new("m", "none", "bf16"), ["old-b"] = new("m", "fp8", "bf16") };

        EngineReport.From(pods, reports, spec, 2).Should().BeNull("neither pod runs --quantization fp8 --kv-cache-dtype fp8");
        EngineReport.From([PodFor("new", spec)], new Dictionary<string, EngineModelInfo>(), spec, 2).Should().BeNull("no report, nothing to say");
    }

    [Fact]
    public void The_model_info_gauge_is_read_from_the_scrape()
    {
        var text = """
            # TYPE sluice_model_info gauge
            sluice_model_info{model="casperhansen/llama-3-70b-instruct-awq",quantization="int4-awq",kv_cache_dtype="fp8"} 1
            sluice_requests_waiting 0
            """;

        EngineMetricsSnapshot.From(PrometheusTextParser.Parse(text), DateTimeOffset.UnixEpoch).ModelInfo
            .Should().Be(new EngineModelInfo("casperhansen/llama-3-70b-instruct-awq", "int4-awq", "fp8"));
        EngineMetricsSnapshot.From(PrometheusTextParser.Parse("sluice_model_info{model=\"m\"} 1"), DateTimeOffset.UnixEpoch).ModelInfo
            .Should().BeNull("an engine without the labels reports nothing");
    }
}
