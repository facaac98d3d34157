using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.Runtimes;
using Sluice.Controllers.Tests.Desired;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>The pod of each proxied runtime: its documented server flags on loopback, the admission proxy, probes, /dev/shm, security.</summary>
public sealed class RuntimeRenderingTests
{
    public static TheoryData<string, string[], string[]> Commands => new()
    {
        {
            EngineRuntimes.Vllm, ["vllm", "serve"],
            [ModelVolumes.LinkPath, "--served-model-name", "meta-llama/Llama-3.1-8B-Instruct", "--host", "127.0.0.1", "--port", "8001",
             "--tensor-parallel-size", "2", "--max-num-seqs", "32", "--gpu-memory-utilization", "0.9", "--max-model-len", "8192", "--quantization", "fp8", "--kv-cache-dtype", "fp8"]
        },
        {
            EngineRuntimes.Sglang, ["python3", "-m", "sglang.launch_server"],
            ["--model-path", ModelVolumes.LinkPath, "--served-model-name", "meta-llama/Llama-3.1-8B-Instruct", "--host", "127.0.0.1", "--port", "8001",
             "--tp-size", "2", "--max-running-requests", "32", "--enable-metrics", "--context-length", "8192", "--quantization", "fp8", "--kv-cache-dtype", "fp8_e4m3"]
        },
        {
            EngineRuntimes.Tgi, ["text-generation-launcher"],
            ["--model-id", ModelVolumes.LinkPath, "--hostname", "127.0.0.1", "--port", "8001", "--num-shard", "2", "--max-batch-size", "32",
             "--max-total-tokens", "8192", "--max-input-tokens", "8191", "--quantize", "fp8", "--kv-cache-dtype", "fp8_e4m3fn"]
        },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void The_runtime_container_carries_the_documented_flags(string runtime, string[] command, string[] args)
    {
        var pod = Pod(runtime, s => { s.Quantization = Quantizations.Fp8; s.KvCacheDtype = KvCacheDtypes.Fp8; });

        var engine = pod.Containers.Single(c => c.Name == PodTemplateBuilder.EngineContainerName);
        engine.Command.Should().Equal(command);
        engine.Args.Should().Equal(args);
        engine.Image.Should().Be(((IProxiedRuntime)EngineRuntimeCatalog.Find(runtime)!).DefaultImage);
        engine.Resources!.Limits!["nvidia.com/gpu"].ToString().Should().Be("2");
    }

    [Fact]
    public void Lmdeploy_and_trtllm_render_their_own_spelling()
    {
        var lmdeploy = Pod(EngineRuntimes.Lmdeploy, s => s.Quantization = Quantizations.Int4Awq).Containers[0];
        lmdeploy.Command.Should().Equal("lmdeploy", "serve", "api_server");
        lmdeploy.Args.Should().ContainInOrder("--server-name", "127.0.0.1", "--server-port", "8001").And.ContainInOrder("--tp", "2")
            .And.ContainInOrder("--max-batch-size", "32").And.ContainInOrder("--session-len", "8192").And.ContainInOrder("--model-format", "awq").And.Contain("--enable-metrics");
        Pod(EngineRuntimes.Lmdeploy, s => s.Quantization = Quantizations.Fp8).Containers[0].Args.Should().ContainInOrder("--model-format", "fp8");

        var trtllm = Pod(EngineRuntimes.Trtllm, s => s.KvCacheDtype = KvCacheDtypes.Fp8).Containers[0];
        trtllm.Command.Should().HaveCount(4).And.StartWith(["/bin/sh", "-c"]);
        trtllm.Command![2].Should().Contain("exec trtllm-serve \"$@\"");
        trtllm.Args.Should().ContainInOrder("--backend", "pytorch", "--tp_size", "2", "--max_batch_size", "32", "--extra_llm_api_options", TrtllmRuntime.OptionsPath)
            .And.ContainInOrder("--max_seq_len", "8192");
        trtllm.Env!.Single(e => e.Name == TrtllmRuntime.OptionsEnv).Value.Should().Contain("return_perf_metrics: true").And.Contain("dtype: fp8");
    }

    [Theory]
    [InlineData(EngineRuntimes.Vllm, "/metrics")]
    [InlineData(EngineRuntimes.Trtllm, "/prometheus/metrics")]
    public void The_admission_proxy_listens_on_the_api_port_and_forwards_to_the_runtime(string runtime, string metricsPath)
    {
        var pod = Pod(runtime, s => s.Engine!.MaxRequestRate = "3.5");

        var proxy = pod.Containers.Single(c => c.Name == ProxiedRuntimePod.ProxyContainerName);
        proxy.Image.Should().Be("registry/engine:1");
        proxy.Command.Should().Equal("sluice-engine");
        proxy.Args.Should().StartWith(["proxy", "--upstream", "http://127.0.0.1:8001", "--upstream-metrics-path", metricsPath, "--upstream-health-path", "/health"])
            .And.ContainInOrder("--port", "8000").And.ContainInOrder("--runtime-max-batch-size", "32").And.ContainInOrder("--max-request-rate", "3.5");
        proxy.Ports!.Single().Should().Match<V1ContainerPort>(p => p.Name == ServiceBuilder.ApiPortName && p.ContainerPort == 8000);
        proxy.ReadinessProbe!.HttpGet!.Path.Should().Be("/ready");
        var engine = pod.Containers.Single(c => c.Name == PodTemplateBuilder.EngineContainerName);
        engine.Ports!.Single().ContainerPort.Should().Be(ProxiedRuntimePod.RuntimePort);
        foreach (var probe in new[] { engine.ReadinessProbe!, engine.LivenessProbe!, engine.StartupProbe! })
        {
            (probe.HttpGet!.Path, probe.HttpGet.Port.Value).Should().Be((ProxiedRuntimePod.UpstreamHealthPath, ServiceBuilder.ApiPortName), "the runtime listens on loopback; the proxy relays its health");
        }

        engine.StartupProbe!.FailureThreshold.Should().Be(180);
    }

    [Fact]
    public void Shared_memory_is_a_memory_emptydir_mounted_at_dev_shm()
    {
        var pod = Pod(EngineRuntimes.Sglang);

        var shm = pod.Volumes!.Single(v => v.Name == ProxiedRuntimePod.ShmVolume);
        shm.EmptyDir!.Medium.Should().Be("Memory");
        pod.Containers[0].VolumeMounts!.Should().Contain(m => m.Name == ProxiedRuntimePod.ShmVolume && m.MountPath == "/dev/shm");
    }

    [Theory]
    [InlineData(EngineRuntimes.Vllm, true)]
    [InlineData(EngineRuntimes.Sglang, true)]
    [InlineData(EngineRuntimes.Tgi, true)]
    [InlineData(EngineRuntimes.Lmdeploy, true)]
    [InlineData(EngineRuntimes.Trtllm, false)]
    public void Every_container_meets_the_restricted_pod_security_standard(string runtime, bool readOnlyRoot)
    {
        var pod = Pod(runtime);

        var podSecurity = pod.SecurityContext!;
        podSecurity.RunAsNonRoot.Should().BeTrue();
        podSecurity.RunAsUser.Should().Be(SecurityContexts.UserId);
        podSecurity.SeccompProfile!.Type.Should().Be("RuntimeDefault");
        pod.Volumes!.Should().OnlyContain(v => v.HostPath == null, "restricted allows no hostPath");
        foreach (var container in pod.Containers)
        {
            var security = container.SecurityContext!;
            security.AllowPrivilegeEscalation.Should().BeFalse();
            security.RunAsNonRoot.Should().BeTrue();
            security.Capabilities!.Drop.Should().Equal("ALL");
            security.Privileged.Should().BeNull();
        }

        pod.Containers[0].SecurityContext!.ReadOnlyRootFilesystem.Should().Be(readOnlyRoot);
        pod.Containers[0].Env!.Should().Contain(e => e.Name == "HOME" && e.Value == "/tmp");
    }

    [Fact]
    public void The_restart_lever_renders_the_decided_batch_and_rolls_with_surge_only()
    {
        var resource = Fixtures.Resource("hf://meta-llama/Llama-3.1-8B-Instruct", "nvidia-h100-80gb", edit: s => s.Engine = new EngineSpec { Runtime = EngineRuntimes.Vllm });
        resource.Status = new LLMDeploymentStatus { Runtime = new RuntimeStatus { Name = EngineRuntimes.Vllm, MaxBatchSize = 12 } };

        var deployment = DeploymentBuilder.Build(Fixtures.Input(resource, replicas: 2));

        deployment.Spec!.Template.Spec!.Containers[0].Args.Should().ContainInOrder("--max-num-seqs", "12");
        deployment.Spec.Template.Spec.Containers[1].Args.Should().ContainInOrder("--runtime-max-batch-size", "12");
        (deployment.Spec.Strategy!.RollingUpdate!.MaxSurge.Value, deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value).Should().Be(("1", "0"));
    }

    [Fact]
    public void A_fixed_batch_in_the_spec_wins_and_extra_args_follow_the_runtimes_flags()
    {
        var engine = Pod(EngineRuntimes.Vllm, s => { s.Engine!.MaxBatchSize = "48"; s.Engine.ExtraArgs = ["--enable-prefix-caching"]; }).Containers[0];

        engine.Args.Should().ContainInOrder("--max-num-seqs", "48");
        engine.Args![^1].Should().Be("--enable-prefix-caching");
    }

    [Fact]
    public void The_sluice_runtime_renders_as_before()
    {
        var pod = DeploymentBuilder.Build(Fixtures.Input(Fixtures.Resource())).Spec!.Template.Spec!;

        pod.Containers.Should().ContainSingle().Which.Command.Should().Equal("sluice-engine");
        pod.Volumes!.Should().NotContain(v => v.Name == ProxiedRuntimePod.ShmVolume);
    }

    private static V1PodSpec Pod(string runtime, Action<LLMDeploymentSpec>? edit = null)
    {
        var resource = Fixtures.Resource("hf://meta-llama/Llama-3.1-8B-Instruct", "nvidia-h100-80gb", 2, s =>
        {
            s.Engine = new EngineSpec { Runtime = runtime };
            s.Model.MaxContextLength = 8192;
            edit?.Invoke(s);
        });
        return DeploymentBuilder.Build(Fixtures.Input(resource)).Spec!.Template.Spec!;
    }
}
