using k8s.Models;
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
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// Proxied runtimes on the test control plane: the reconciler renders each runtime's documented container, and the SLO loop
/// drives a pod of each runtime (<see cref="FakeRuntimePod"/>: its version's metrics behind the admission proxy's, a queueing
/// model) end to end: the rate lever moves live through the proxy, the batch lever by a rolling restart with the runtime's own
/// flag, status fills, replicas scale, and missing or malformed metrics degrade the resource while the loop keeps running.
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

            var deployment = await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, runtime);
            var pod = deployment.Spec!.Template.Spec!;
            var engine = pod.Containers.Single(c => c.Name == PodTemplateBuilder.EngineContainerName);
            engine.Command![0].Should().Be(flags.Command, runtime);
            engine.Args.Should().ContainInOrder(flags.TpFlag, "2").And.ContainInOrder(flags.BatchFlag, "32");
            engine.Image.Should().Be(((IProxiedRuntime)EngineRuntimeCatalog.Find(runtime)!).DefaultImage);
            pod.Containers.Single(c => c.Name == ProxiedRuntimePod.ProxyContainerName).Args.Should().StartWith(["proxy", "--upstream", "http://127.0.0.1:8001"]);
            pod.Volumes.Should().Contain(v => v.Name == ProxiedRuntimePod.ShmVolume);
            deployment.Spec.Strategy!.RollingUpdate!.MaxUnavailable!.Value.Should().Be("0");
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

    [ControlPlaneTheory]
    [MemberData(nameof(RuntimeDialect.Names), MemberType = typeof(RuntimeDialect))]
    public async Task The_slo_loop_drives_each_runtime_rate_live_batch_by_rolling_restart_and_scales(string runtime)
    {
        var dialect = RuntimeDialect.For(runtime);
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "rtslo");
        await h.CreateAsync("chat", s => Spec(s, runtime));
        await h.ReconcileAsync("chat");
        await using var first = await StartPodAsync(h, "chat-a", dialect);
        var clock = new ManualClock(T0);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var controller = Controller(h, http, clock);

        await Period(controller, h, clock, first, seconds: 0);
        var runtimeStatus = (await h.GetAsync("chat")).Status!.Runtime!;
        (runtimeStatus.Name, runtimeStatus.BatchLever, runtimeStatus.RateLever, runtimeStatus.MaxBatchSize).Should().Be((runtime, RuntimeLevers.Restart, RuntimeLevers.Proxy, 32));
        (first.Model.BatchLimit, first.ProxyBatchLimit).Should().Be((32, 32), $"the runtime reads {dialect.BatchLimitFlag}, the proxy its --runtime-max-batch-size");

        // 20 s at 10 req/s, unlimited rate, batch 32: TTFT saturated (5 s), TPOT 53 ms over the 50 ms limit, requests queue.
        await Period(controller, h, clock, first, seconds: 20);
        var status = (await h.GetAsync("chat")).Status!;
        first.Model.MaxRequestRate.Should().BeNull("a first period shows the queue, not yet what the replica completes while requests wait");
        (status.Runtime!.MaxBatchSize, status.Runtime.LastRestartTime).Should().Be((22, T0.AddSeconds(20)), "a TPOT breach restarts with batch 32 × 0.7");
        status.Observed!.TtftSeconds.Should().BeGreaterThan(0.5);
        status.Observed.TpotSeconds.Should().BeGreaterThan(0.05);
        status.Observed.Queue.Should().BeGreaterThan(0, "requests queue in the saturated replica");
        status.Observed.SloAttainment.Should().Be(0, "no request met the TTFT limit");
        ConditionSet.Find(status.Conditions, ConditionTypes.SloMet)!.Status.Should().Be("False");
        status.DesiredReplicas.Should().BeGreaterThan(1, "TTFT breached while requests queued");
        status.LastScale!.From.Should().Be(1);
        var events = (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items;
        events.Should().Contain(e => e.Reason == SloController.RollingRestartReason && e.Message!.Contains($"rolling restart of the {runtime} pods with batch limit 32 → 22", StringComparison.Ordinal));

        // The reconciler renders the new limit; the Deployment rolls (simulated: the old pod goes, one from the new template starts).
        await h.ReconcileAsync("chat");
        var template = (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Template.Spec!;
        template.Containers[0].Args.Should().ContainInOrder(dialect.BatchLimitFlag, "22");
        template.Containers[1].Args.Should().ContainInOrder("--runtime-max-batch-size", "22");
        await h.Client.DeleteAsync(ResourceTypes.Pod, h.Namespace, "chat-a");
        await using var second = await StartPodAsync(h, "chat-b", dialect);
        (second.Model.BatchLimit, second.ProxyBatchLimit).Should().Be((22, 22), "the new pod's runtime starts with the new limit");

        // 5 s after it started, the new pod's first scrape: nothing to compare yet; the batch stays where the restart put it.
        await Period(controller, h, clock, second, seconds: 5);
        status = (await h.GetAsync("chat")).Status!;
        (status.Runtime!.MaxBatchSize, status.Tuning!.MaxBatchSize).Should().Be((22, 22));

        // 20 s more with requests waiting throughout: the replica completed 8 req/s, so the rate is cut to 95 % of that, live
        // through the new pod's proxy. The queue is gone at 7.6 req/s, but TTFT (2 s at ρ = 0.95) is late without a queue:
        // 20 s later (the window then holds only requests admitted at 7.6) the rate steps down ×0.7.
        await Period(controller, h, clock, second, seconds: 20);
        second.Model.MaxRequestRate.Should().BeApproximately(7.6, 1e-9);
        await Period(controller, h, clock, second, seconds: 20);
        second.Model.MaxRequestRate.Should().BeApproximately(5.32, 1e-9);

        // A status window (60 s) at 5.3–5.9 req/s with batch 22: TTFT at most 0.38 s and TPOT 38 ms, both under the limits.
        for (var i = 0; i < 3; i++)
        {
            await Period(controller, h, clock, second, seconds: 20);
        }

        status = (await h.GetAsync("chat")).Status!;
        second.Model.TtftSeconds.Should().BeLessThan(0.5);
        second.Model.TpotSeconds.Should().BeLessThan(0.05);
        (status.Observed!.TtftSeconds!.Value, status.Observed.TpotSeconds!.Value).Should().Match<(double Ttft, double Tpot)>(o => o.Ttft < 0.5 && o.Tpot < 0.05);
        status.Observed.SloAttainment.Should().Be(1);
        status.Observed.RequestRate.Should().BeApproximately(10, 0.5, "demand counts the requests the proxy refused");
        if (dialect.CountsTokens)
        {
            status.Observed.TokensPerSecond.Should().BeInRange(5.3 * QueueingModel.OutputTokens, 6.2 * QueueingModel.OutputTokens, "128 tokens a request at the admitted rate");
        }
        else
        {
            status.Observed.TokensPerSecond.Should().Be(0, "TensorRT-LLM 1.1 exports no token count");
        }

        ConditionSet.Find(status.Conditions, ConditionTypes.SloMet)!.Status.Should().Be("True");
        status.Runtime!.MaxBatchSize.Should().Be(22, "restarts are rate-limited: none within the interval");
        (status.Tuning!.MaxRequestRate, second.Model.MaxRequestRate).Should().Match<(double? Status, double? Proxy)>(r => r.Status == r.Proxy && r.Proxy >= 5.32 && r.Proxy <= 6.2,
            "the rate may step up while TTFT is well under the limit (how far below depends on the runtime's buckets)");
        status.DesiredReplicas.Should().Be(3, "10 req/s of demand over about 5.3–6.2 req/s × 0.8 per replica needs 3 (the maximum)");
        await h.ReconcileAsync("chat");
        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(3);
    }

    [ControlPlaneTheory]
    [MemberData(nameof(RuntimeDialect.Names), MemberType = typeof(RuntimeDialect))]
    public async Task Missing_or_malformed_runtime_metrics_degrade_the_resource_with_the_reason_until_they_parse_again(string runtime)
    {
        var dialect = RuntimeDialect.For(runtime);
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "rtbad");
        await h.CreateAsync("chat", s => Spec(s, runtime));
        await h.ReconcileAsync("chat");
        await using var pod = await StartPodAsync(h, "chat-a", dialect);
        var clock = new ManualClock(T0);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var controller = Controller(h, http, clock);

        pod.Page = RuntimePage.Missing;
        await Period(controller, h, clock, pod, seconds: 0);
        (await h.ReconcileAsync("chat")).Degraded.Should().BeTrue();
        await ExpectDegradedAsync(h, $"no {dialect.Prefix}* metric");

        pod.Page = RuntimePage.Malformed;
        await Period(controller, h, clock, pod, seconds: 5);
        (await h.ReconcileAsync("chat")).Degraded.Should().BeTrue();
        await ExpectDegradedAsync(h, "malformed");

        pod.Page = RuntimePage.Served;
        await Period(controller, h, clock, pod, seconds: 5);
        await Period(controller, h, clock, pod, seconds: 20);
        await h.ReconcileAsync("chat");
        var recovered = (await h.GetAsync("chat")).Status!;
        recovered.Runtime!.MetricsProblem.Should().BeNull("the problem is gone from the SLO controller's part of status once the page parses");
        ConditionSet.Find(recovered.Conditions, ConditionTypes.Degraded)!.Status.Should().Be("False");
        recovered.Observed!.TtftSeconds.Should().BeGreaterThan(0, "the loop kept running and reads the page again");
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

    /// <summary>Degraded=MetricsUnavailable naming the pod and <paramref name="problem"/>, with a Warning Event of that message.</summary>
    private static async Task ExpectDegradedAsync(ReconcilerHarness h, string problem)
    {
        var degraded = ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!;
        (degraded.Status, degraded.Reason).Should().Be(("True", ConditionReasons.MetricsUnavailable));
        degraded.Message.Should().Contain("chat-a").And.Contain(problem);
        (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items
            .Should().Contain(e => e.Reason == ConditionReasons.MetricsUnavailable && e.Type == EventTypes.Warning && e.Message == degraded.Message);
    }

    /// <summary>Lets <paramref name="seconds"/> of traffic pass, then runs one control period at the advanced clock.</summary>
    private static async Task Period(SloController controller, ReconcilerHarness h, ManualClock clock, FakeRuntimePod pod, double seconds)
    {
        pod.Advance(seconds);
        clock.Now = clock.Now.AddSeconds(seconds);
        await controller.RunPeriodAsync([h.Namespace], CancellationToken.None);
    }

    /// <summary>
    /// Starts the fake runtime with the Deployment template's engine and proxy args and creates its Ready pod (engine args as
    /// the ReplicaSet would copy them, the port annotation pointing at the fake), as the kubelet would run it.
    /// </summary>
    private static async Task<FakeRuntimePod> StartPodAsync(ReconcilerHarness h, string name, RuntimeDialect dialect)
    {
        var template = (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Template.Spec!;
        var engineArgs = template.Containers.Single(c => c.Name == PodTemplateBuilder.EngineContainerName).Args!;
        var proxyArgs = template.Containers.Single(c => c.Name == ProxiedRuntimePod.ProxyContainerName).Args!;
        var pod = await FakeRuntimePod.StartAsync(dialect, engineArgs, proxyArgs);
        await NodePlayer.CreatePodAsync(h.Client, h.Namespace, name, "chat", pod.BaseUrl.Port, engineArgs);
        await NodePlayer.SetReadyAsync(h.Client, h.Namespace, name);
        return pod;
    }
}
