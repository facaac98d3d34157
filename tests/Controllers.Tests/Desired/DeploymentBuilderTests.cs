using System.Text.Json;
using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Desired;

public class DeploymentBuilderTests
{
    private static V1Container Engine(V1Deployment d) => d.Spec!.Template.Spec.Containers.Single(c => c.Name == "engine");

    private static V1Deployment Build(LLMDeployment resource, int replicas = 1) =>
        DeploymentBuilder.Build(Fixtures.Input(resource, replicas));

    [Theory]
    [InlineData("dummy://tiny", "dummy://tiny", "tiny")]
    [InlineData("hf://meta-llama/Meta-Llama-3-8B", "/var/run/sluice/model/current", "meta-llama/Meta-Llama-3-8B")]
    [InlineData("s3://models/llama/8b", "/var/run/sluice/model/current", "8b")]
    [InlineData("oci://r.io/acme/tiny:v1", "/var/run/sluice/model/current", "tiny")]
    [InlineData("pvc://weights/llama/8b", "/models/llama/8b", "8b")]
    [InlineData("pvc://weights", "/models", "weights")]
    public void Engine_runs_serve_with_the_model_path(string source, string modelArg, string servedName)
    {
        var args = Engine(Build(Fixtures.Resource(source))).Args!;

        args[0].Should().Be("serve");
        args.Should().ContainInOrder("--model", modelArg).And.ContainInOrder("--served-model-name", servedName);
        args.Should().ContainInOrder("--port", "8000").And.ContainInOrder("--admin-token-file", "/var/run/sluice/admin/token");
    }

    [Theory]
    [InlineData("64", "auto")]
    [InlineData("auto", "12.5")]
    [InlineData("8", "3")]
    public void Levers_never_reach_the_pod_template(string batch, string rate)
    {
        var resource = Fixtures.Resource(edit: s => s.Engine = new EngineSpec { MaxBatchSize = batch, MaxRequestRate = rate, ExtraArgs = ["--max-waiting", "9"] });
        var auto = Fixtures.Resource(edit: s => s.Engine = new EngineSpec { ExtraArgs = ["--max-waiting", "9"] });

        var args = Engine(Build(resource)).Args!;

        args.Should().NotContain(["--max-batch-size", "--max-request-rate"]);
        args.TakeLast(2).Should().Equal("--max-waiting", "9");
        var json = Sluice.Kubernetes.Serialization.ApiJson.Options;
        JsonSerializer.Serialize(Build(resource), json).Should().Be(JsonSerializer.Serialize(Build(auto), json), "a fixed lever changes nothing in the Deployment");
    }

    [Fact]
    public void Probes_prestop_and_grace_period_cover_loading_and_draining()
    {
        var deployment = Build(Fixtures.Resource());
        var engine = Engine(deployment);

        engine.ReadinessProbe!.HttpGet!.Path.Should().Be("/ready");
        engine.LivenessProbe!.HttpGet!.Path.Should().Be("/health");
        (engine.StartupProbe!.PeriodSeconds!.Value * engine.StartupProbe.FailureThreshold!.Value).Should().BeGreaterThanOrEqualTo(300);
        engine.Lifecycle!.PreStop!.Exec!.Command[0].Should().Be("sleep");
        deployment.Spec!.Template.Spec.TerminationGracePeriodSeconds.Should().BeGreaterThan(30 + 5);
    }

    [Fact]
    public void Pod_meets_the_restricted_security_standard()
    {
        var deployment = Build(Fixtures.Resource("hf://org/model-7b"));
        var pod = deployment.Spec!.Template.Spec;
        var podContext = pod.SecurityContext!;

        podContext.RunAsNonRoot.Should().BeTrue();
        podContext.SeccompProfile!.Type.Should().Be("RuntimeDefault");
        pod.AutomountServiceAccountToken.Should().BeFalse();
        foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
        {
            var context = container.SecurityContext!;
            context.AllowPrivilegeEscalation.Should().BeFalse(container.Name);
            context.ReadOnlyRootFilesystem.Should().BeTrue(container.Name);
            context.Capabilities!.Drop.Should().Equal(["ALL"], container.Name);
        }
    }

    [Theory]
    [InlineData("nvidia-h100-80gb", 1, "NVIDIA-H100-80GB-HBM3")]
    [InlineData("nvidia-h200-141gb", 4, "NVIDIA-H200")]
    public void Gpu_resources_and_scheduling_come_from_the_catalog(string type, int count, string product)
    {
        var resource = Fixtures.Resource("dummy://llama-3-8b", type, count, s => s.Pod = new PodOverrides
        {
            NodeSelector = new() { ["zone"] = "a" },
            Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists" }],
            PriorityClassName = "serving",
        });

        var deployment = Build(resource);
        var pod = deployment.Spec!.Template.Spec;

        Engine(deployment).Resources!.Limits!["nvidia.com/gpu"].ToString().Should().Be(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        pod.NodeSelector.Should().Contain("nvidia.com/gpu.product", product).And.Contain("zone", "a");
        pod.Tolerations!.Select(t => t.Key).Should().Equal("nvidia.com/gpu", "dedicated");
        pod.PriorityClassName.Should().Be("serving");
        deployment.Spec.Strategy!.RollingUpdate!.MaxSurge.Value.Should().Be("0");
    }

    [Fact]
    public void Cpu_replicas_have_no_gpu_request_or_selector()
    {
        var deployment = Build(Fixtures.Resource());

        Engine(deployment).Resources.Should().BeNull();
        deployment.Spec!.Template.Spec.NodeSelector.Should().BeNull();
    }

    [Fact]
    public void Deployment_is_owned_selected_and_sized()
    {
        var deployment = Build(Fixtures.Resource(), replicas: 3);

        deployment.Metadata.OwnerReferences.Should().ContainSingle(r => r.Uid == "uid-1" && r.Controller == true && r.Kind == "LLMDeployment");
        deployment.Spec!.Replicas.Should().Be(3);
        deployment.Spec.Selector!.MatchLabels.Should().BeEquivalentTo(ChildLabels.Selector("chat"));
        deployment.Spec.Template.Metadata!.Labels.Should().Contain(ChildLabels.Selector("chat"));
        deployment.Spec.Template.Metadata.Annotations.Should().BeNull("nothing but the user's pod annotations goes on the template");
    }

    [Theory]
    [InlineData("int4-awq", "fp8")]
    [InlineData("fp8", "auto")]
    public void Quantization_and_kv_dtype_reach_the_engine_as_flags(string quantization, string kvCacheDtype)
    {
        var engine = Engine(Build(Fixtures.Resource(edit: s => { s.Quantization = quantization; s.KvCacheDtype = kvCacheDtype; })));

        engine.Args.Should().ContainInOrder("--quantization", quantization).And.ContainInOrder("--kv-cache-dtype", kvCacheDtype);
        EngineArgs.FlagValue(engine.Args, EngineArgs.QuantizationFlag).Should().Be(quantization);
        engine.Env.Should().NotContain(e => e.Name.StartsWith("SLUICE_QUANT", StringComparison.Ordinal) || e.Name == "SLUICE_KV_CACHE_DTYPE",
            "the engine reads flags, not these variables");
    }

    [Fact]
    public void Defaults_are_spelled_out_so_the_engine_never_picks_the_checkpoints_own_format()
    {
        var args = Engine(Build(Fixtures.Resource())).Args!;

        args.Should().ContainInOrder("--quantization", "none").And.ContainInOrder("--kv-cache-dtype", "auto");
    }

    [Fact]
    public void The_engine_and_download_termination_messages_fall_back_to_their_logs()
    {
        var pod = Build(Fixtures.Resource("hf://org/name")).Spec!.Template.Spec;

        Engine(Build(Fixtures.Resource())).TerminationMessagePolicy.Should().Be("FallbackToLogsOnError");
        pod.InitContainers!.Single(c => c.Name == "download").TerminationMessagePolicy.Should().Be("FallbackToLogsOnError");
    }

    [Theory]
    [InlineData(new[] { "--quantization", "fp8" }, "fp8")]
    [InlineData(new[] { "--quantization=int8" }, "int8")]
    [InlineData(new[] { "--quantization", "fp8", "--quantization", "int8" }, "int8")]
    [InlineData(new[] { "--quantization" }, null)]
    [InlineData(new[] { "--model", "x" }, null)]
    public void Flag_value_reads_the_last_spelling(string[] args, string? value)
    {
        EngineArgs.FlagValue(args, EngineArgs.QuantizationFlag).Should().Be(value);
    }

    [Fact]
    public void Deployment_round_trips_through_json()
    {
        var deployment = Build(Fixtures.Resource("hf://org/name", edit: s => s.Model.TokenSecretRef = new SecretKeyRef { Name = "t" }));
        var json = JsonSerializer.Serialize(deployment, Sluice.Kubernetes.Serialization.ApiJson.Options);

        json.Should().Contain("\"securityContext\"").And.Contain("\"items\"").And.NotContain("\"extensionData\"");
    }
}
