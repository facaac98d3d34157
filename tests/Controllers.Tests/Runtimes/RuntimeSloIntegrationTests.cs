using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Runtimes;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Controllers.Tests.Integration;
using Sluice.Controllers.Tests.SloControl;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// Proxied runtimes on the test control plane: the reconciler renders each runtime's documented container, and the SLO loop
/// drives a vLLM-shaped pod (its metrics format, a queueing model) end to end: the rate lever moves live through the proxy,
/// the batch lever by a rolling restart, status fills, replicas scale, and unreadable metrics degrade the resource.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RuntimeSloIntegrationTests(ControlPlaneFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [ControlPlaneFact]
    public async Task Each_runtime_renders_its_documented_container_and_the_admission_proxy_on_the_api_server()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "runtimes");
        var expected = new Dictionary<string, (string Command, string TpFlag, string BatchFlag)>(StringComparer.Ordinal)
        {
            [EngineRuntimes.Vllm] = ("vllm", "--tensor-parallel-size", "--max-num-seqs"),
            [EngineRuntimes.Sglang] = ("python3", "--tp-size", "--max-running-requests"),
            [EngineRuntimes.Tgi] = ("text-generation-launcher", "--num-shard", "--max-batch-size"),
            [EngineRuntimes.Lmdeploy] = ("lmdeploy", "--tp", "--max-batch-size"),
            [EngineRuntimes.Trtllm] = ("/bin/sh", "--tp_size", "--max_batch_size"),
        };
        foreach (var (runtime, flags) in expected)
        {
            await h.CreateAsync(runtime, s => Spec(s, runtime, gpus: 2));
            (await h.ReconcileAsync(runtime)).Degraded.Should().BeFalse(runtime);

            var deployment = await h.Client.GetAsync<Deployment>(ResourceTypes.Deployment, h.Namespace, runtime);
            var pod = deployment.Spec!.Template.Spec!;
            var engine = pod.Containers.Single(c => c.Name == PodTemplateBuilder.EngineContainerName);
            engine.Command![0].Should().Be(flags.Command, runtime);
            engine.Args.Should().ContainInOrder(flags.TpFlag, "2").And.ContainInOrder(flags.BatchFlag, "32");
            engine.Image.Should().Be(((IProxiedRuntime)EngineRuntimeCatalog.Find(runtime)!).DefaultImage);
            pod.Containers.Single(c => c.Name == ProxiedRuntimePod.ProxyContainerName).Args.Should().StartWith(["proxy", "--upstream", "http://127.0.0.1:8001"]);
            pod.Volumes.Should().Contain(v => v.Name == ProxiedRuntimePod.ShmVolume);
            deployment.Spec.Strategy!.RollingUpdate!.MaxUnavailable!.Value.IntValue.Should().Be(0);
        }
    }

    [ControlPlaneFact]
    public async Task A_quantization_the_runtime_cannot_serve_degrades_with_the_reason()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "rtquant");
        await h.CreateAsync("chat", s => { Spec(s, EngineRuntimes.Lmdeploy); s.Quantization = Quantizations.Int8; });

        (await h.ReconcileAsync("chat")).Degraded.Should().BeTrue();

        var degraded = ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!;
        (degraded.Status, degraded.Reason).Should().Be(("True", ConditionReasons.QuantizationUnsupported));
        degraded.Message.Should().Contain("SmoothQuant");
    }

    [ControlPlaneFact]
    public async Task The_slo_loop_drives_a_vllm_pod_rate_live_batch_by_rolling_restart_and_scales()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "rtslo");
        await using var vllm = await FakeVllmPod.StartAsync();
        await h.CreateAsync("chat", s => Spec(s, EngineRuntimes.Vllm));
        await h.ReconcileAsync("chat");
        await CreatePodFromTemplateAsync(h, "chat-a", vllm.BaseUrl.Port);
        var clock = new ManualClock(T0);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var controller = Controller(h, http, clock);

        await Period(controller, h, clock, vllm, seconds: 0);
        var runtime = (await h.GetAsync("chat")).Status!.Runtime!;
        (runtime.Name, runtime.BatchLever, runtime.RateLever, runtime.MaxBatchSize).Should().Be((EngineRuntimes.Vllm, RuntimeLevers.Restart, RuntimeLevers.Proxy, 32));

        // 20 s at 10 req/s, unlimited rate, batch 32: TTFT saturated (5 s), TPOT 56 ms over the 50 ms limit, requests queue.
        await Period(controller, h, clock, vllm, seconds: 20);
        var status = (await h.GetAsync("chat")).Status!;
        vllm.MaxRequestRate.Should().BeNull("a first period shows the queue, not yet what the replica completes while requests wait");
        (status.Runtime!.MaxBatchSize, status.Runtime.LastRestartTime).Should().Be((22, T0.AddSeconds(20)), "a TPOT breach restarts with batch 32 × 0.7");
        status.Observed!.TtftSeconds.Should().BeGreaterThan(0.5);
        ConditionSet.Find(status.Conditions, ConditionTypes.SloMet)!.Status.Should().Be("False");
        status.DesiredReplicas.Should().BeGreaterThan(1, "TTFT breached while requests queued");
        var events = (await h.Client.ListAsync<Event>(ResourceTypes.Event, h.Namespace)).Items;
        events.Should().Contain(e => e.Reason == SloController.RollingRestartReason && e.Message!.Contains("32 → 22", StringComparison.Ordinal));

        // The reconciler renders the new limit; the Deployment rolls (simulated: the old pod goes, one from the new template comes).
        await h.ReconcileAsync("chat");
        var template = (await h.Client.GetAsync<Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Template.Spec!;
        template.Containers[0].Args.Should().ContainInOrder("--max-num-seqs", "22");
        template.Containers[1].Args.Should().ContainInOrder("--runtime-max-batch-size", "22");
        await h.Client.DeleteAsync(ResourceTypes.Pod, h.Namespace, "chat-a");
        await CreatePodFromTemplateAsync(h, "chat-b", vllm.BaseUrl.Port);
        vllm.BatchLimit = 22;

        // The new pod's first scrape: nothing to compare yet; the batch stays where the restart put it.
        await Period(controller, h, clock, vllm, seconds: 20);
        status = (await h.GetAsync("chat")).Status!;
        (status.Runtime!.MaxBatchSize, status.Tuning!.MaxBatchSize).Should().Be((22, 22));

        // 20 s more with requests waiting throughout: the replica completed 8 req/s, so the rate is cut to 95 % of that, live
        // through the proxy. The queue is gone at 7.6 req/s, but this replica's TTFT (2 s at ρ = 0.95) is late without a queue:
        // 20 s later (the window then holds only requests admitted at 7.6) the rate steps down ×0.7.
        await Period(controller, h, clock, vllm, seconds: 20);
        vllm.MaxRequestRate.Should().BeApproximately(7.6, 1e-9);
        await Period(controller, h, clock, vllm, seconds: 20);
        vllm.MaxRequestRate.Should().BeApproximately(5.32, 1e-9);

        // A status window (60 s) at about 5.3–5.6 req/s with batch 22: TTFT 0.3 s and TPOT 41 ms, both under the limits.
        for (var i = 0; i < 3; i++)
        {
            await Period(controller, h, clock, vllm, seconds: 20);
        }

        status = (await h.GetAsync("chat")).Status!;
        vllm.TtftSeconds.Should().BeLessThan(0.5);
        vllm.TpotSeconds.Should().BeLessThan(0.05);
        (status.Observed!.TtftSeconds!.Value, status.Observed.TpotSeconds!.Value).Should().Match<(double Ttft, double Tpot)>(o => o.Ttft < 0.5 && o.Tpot < 0.05);
        ConditionSet.Find(status.Conditions, ConditionTypes.SloMet)!.Status.Should().Be("True");
        status.Runtime!.MaxBatchSize.Should().Be(22, "restarts are rate-limited: none within the interval");
        vllm.MaxRequestRate.Should().BeInRange(5.32, 6.0);
        status.DesiredReplicas.Should().Be(3, "10 req/s of demand over about 5.5 req/s × 0.8 per replica needs 3 (the maximum)");
        await h.ReconcileAsync("chat");
        (await h.Client.GetAsync<Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(3);
    }

    [ControlPlaneFact]
    public async Task Malformed_runtime_metrics_degrade_the_resource_with_the_reason_until_they_parse_again()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "rtbad");
        await using var vllm = await FakeVllmPod.StartAsync();
        vllm.Malformed = true;
        await h.CreateAsync("chat", s => Spec(s, EngineRuntimes.Vllm));
        await h.ReconcileAsync("chat");
        await CreatePodFromTemplateAsync(h, "chat-a", vllm.BaseUrl.Port);
        var clock = new ManualClock(T0);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var controller = Controller(h, http, clock);

        await Period(controller, h, clock, vllm, seconds: 0);
        await h.ReconcileAsync("chat");

        var degraded = ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!;
        (degraded.Status, degraded.Reason).Should().Be(("True", ConditionReasons.MetricsUnavailable));
        degraded.Message.Should().Contain("chat-a").And.Contain("malformed");
        (await h.Client.ListAsync<Event>(ResourceTypes.Event, h.Namespace)).Items.Should().Contain(e => e.Reason == ConditionReasons.MetricsUnavailable);

        vllm.Malformed = false;
        await Period(controller, h, clock, vllm, seconds: 5);
        await h.ReconcileAsync("chat");

        var recovered = await h.GetAsync("chat");
        recovered.Status!.Runtime?.MetricsProblem.Should().BeNull("the problem is gone from the SLO controller's part of status once the page parses");
        ConditionSet.Find(recovered.Status.Conditions, ConditionTypes.Degraded)!.Status.Should().Be("False");
    }

    private static void Spec(LLMDeploymentSpec spec, string runtime, int gpus = 1)
    {
        spec.Model.Source = "hf://meta-llama/Llama-3.1-8B-Instruct";
        spec.Gpu = new GpuSpec { Type = "nvidia-h100-80gb", Count = gpus };
        spec.Engine = new EngineSpec { Runtime = runtime, MaxBatchSize = "auto", MaxRequestRate = "auto" };
        spec.Slo = new SloSpec { Ttft = "500ms", Tpot = "50ms", Percentile = 95 };
        spec.Scaling = new ScalingSpec { MinReplicas = 1, MaxReplicas = 3 };
    }

    private static SloController Controller(ReconcilerHarness h, HttpClient http, ManualClock clock)
    {
        var loop = new SloControlLoop(new EngineMetricsScraper(http), new EngineAdminClient(http), TunerSettings.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        return new SloController(h.Client, new ApiObjectReader(h.Client), loop, new SloControlOptions(), new ReconcilerOptions(),
            new EventRecorder(h.Client, "sluice-operator", "test"), clock, NullLogger<SloController>.Instance);
    }

    /// <summary>Lets <paramref name="seconds"/> of traffic pass, then runs one control period at the advanced clock.</summary>
    private static async Task Period(SloController controller, ReconcilerHarness h, ManualClock clock, FakeVllmPod pod, double seconds)
    {
        pod.Advance(seconds);
        clock.Now = clock.Now.AddSeconds(seconds);
        await controller.RunPeriodAsync([h.Namespace], CancellationToken.None);
    }

    /// <summary>A Ready pod whose engine container has the Deployment template's args (as the ReplicaSet would create it).</summary>
    private static async Task CreatePodFromTemplateAsync(ReconcilerHarness h, string name, int port)
    {
        var template = (await h.Client.GetAsync<Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Template.Spec!;
        await NodePlayer.CreatePodAsync(h.Client, h.Namespace, name, "chat", port, template.Containers[0].Args);
        await NodePlayer.SetReadyAsync(h.Client, h.Namespace, name);
    }
}
