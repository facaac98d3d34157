using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Controllers.Tests.EngineApi;
using Sluice.Controllers.Tests.Integration;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.SloControl;

/// <summary>
/// The SLO controller against the test API server and an engine-shaped pod on loopback: no Deployment
/// exists (so no ReplicaSet adopts the hand-made pod); the pod's status is written as a kubelet would.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class SloControllerIntegrationTests(ControlPlaneFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [ControlPlaneFact]
    public async Task A_tpot_breach_lowers_the_batch_writes_status_and_events_and_demand_raises_desired_replicas()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "slo");
        await using var engine = await FakeEnginePod.StartAsync();
        await h.CreateAsync("chat", s =>
        {
            s.Slo = new SloSpec { Ttft = "500ms", Tpot = "20ms", Percentile = 95 };
            s.Engine = new EngineSpec { MaxBatchSize = "auto", MaxRequestRate = "2" };
            s.Scaling = new ScalingSpec { MinReplicas = 1, MaxReplicas = 4 };
        });
        await CreateAdminSecretAsync(h);
        await CreateReadyPodAsync(h.Client, h.Namespace, "chat-engine-a", engine.BaseUrl.Port);
        await h.Client.PatchStatusAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat",
            new JsonObject { ["status"] = new JsonObject { ["replicas"] = 1, ["tuning"] = new JsonObject { ["maxBatchSize"] = 8 } } });

        var clock = new ManualClock(T0);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var loop = new SloControlLoop(new EngineMetricsScraper(http), new EngineAdminClient(http), TunerSettings.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        var controller = new SloController(h.Client, new ApiObjectReader(h.Client), loop, new SloControlOptions(), new ReconcilerOptions(),
            new EventRecorder(h.Client, "sluice-operator", "test"), clock, NullLogger<SloController>.Instance);

        await controller.RunPeriodAsync([h.Namespace], CancellationToken.None);

        (engine.MaxBatchSize, engine.MaxRequestRate).Should().Be((8, 2.0), "the first period pushes the status point and the spec's fixed rate");

        // 10 s later: 100 requests finished with TPOT over the limit, 3 waiting.
        engine.TpotSeconds = 0.05;
        engine.Finished = 100;
        engine.Waiting = 3;
        clock.Now = T0.AddSeconds(10);
        await controller.RunPeriodAsync([h.Namespace], CancellationToken.None);

        engine.MaxBatchSize.Should().Be(5, "a TPOT breach steps the batch down ×0.7");
        var status = (await h.GetAsync("chat")).Status!;
        status.Tuning!.MaxBatchSize.Should().Be(5);
        status.Tuning.MaxRequestRate.Should().Be(2);
        status.Observed!.TpotSeconds.Should().BeGreaterThan(0.02);
        status.Observed.RequestRate.Should().BeApproximately(10, 1e-6);
        var sloMet = ConditionSet.Find(status.Conditions, ConditionTypes.SloMet)!;
        (sloMet.Status, sloMet.Reason).Should().Be(("False", SloStatusUpdate.SloBreachedReason));
        status.DesiredReplicas.Should().Be(4, "10 req/s over 2 req/s × 0.8 per replica needs 7, clamped to maxReplicas 4");
        (status.LastScale!.From, status.LastScale.To).Should().Be((1, 4));

        var events = (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items
            .Where(e => e.InvolvedObject.Name == "chat").ToList();
        events.Should().Contain(e => e.Reason == SloController.TunedReason && e.Message!.Contains("8 → 5", StringComparison.Ordinal));
        events.Should().Contain(e => e.Reason == SloController.ScaledReason && e.Message!.StartsWith("replicas 1 → 4", StringComparison.Ordinal));

        // The reconciler now runs the Deployment at the decided count.
        await h.ReconcileAsync("chat");
        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(4);
    }

    [ControlPlaneFact]
    public async Task A_new_generation_is_profiled_once_and_its_curve_and_starting_levers_land_in_status()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "profile");
        await using var engine = await FakeEnginePod.StartAsync();
        engine.TokenMillisecondsPerSequence = 3;
        await h.CreateAsync("chat", s =>
        {
            s.Slo = new SloSpec { Ttft = "500ms", Tpot = "10ms", Percentile = 95 };
            s.Workload = new WorkloadSpec { InputTokens = 8, OutputTokens = 6 };
        });
        await CreateAdminSecretAsync(h);
        await CreateReadyPodAsync(h.Client, h.Namespace, "chat-engine-a", engine.BaseUrl.Port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var controller = ProfilingController(h, http, TimeSpan.FromSeconds(12));

        await controller.RunPeriodAsync([h.Namespace], CancellationToken.None);

        // TPOT ≈ 3 ms × batch (plus timer slack): the batch sweep measures its bound (far over 10 ms), then batch 1, then
        // where the line through them crosses 10 ms × 0.9; the chosen batch is the largest measured one under that.
        var resource = await h.GetAsync("chat");
        var tuning = resource.Status!.Tuning!;
        tuning.ProfiledGeneration.Should().Be(resource.Metadata.Generation);
        var batchPoints = tuning.Curve!.Where(p => p.RequestRate is null).ToList();
        batchPoints.Count.Should().BeGreaterThanOrEqualTo(2);
        batchPoints[0].MaxBatchSize.Should().BeGreaterThan(2, "the bound first");
        batchPoints[0].TpotSeconds.Should().BeGreaterThan(0.010);
        batchPoints[1].MaxBatchSize.Should().Be(1, "then the smallest batch, which brackets the crossing");
        batchPoints.Skip(2).Should().OnlyContain(p => p.MaxBatchSize < batchPoints[0].MaxBatchSize && p.MaxBatchSize > 1, "then inside the bracket");
        var expected = batchPoints.Where(p => p.TpotSeconds <= 0.009).Select(p => p.MaxBatchSize!.Value).DefaultIfEmpty(1).Max();
        tuning.MaxBatchSize.Should().Be(expected);
        tuning.Curve.Should().Contain(p => p.RequestRate != null, "the rate sweep runs at the chosen batch");
        var rates = tuning.Curve!.Where(p => p.RequestRate is not null).Select(p => (double?)p.RequestRate).ToList();
        tuning.MaxRequestRate.Should().Match(r => r != null && rates.Contains(r), "a measured rate that held");
        (engine.MaxBatchSize, engine.MaxRequestRate).Should().Be((expected, tuning.MaxRequestRate), "the replica is left on the chosen point");
        var events = (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items;
        events.Should().Contain(e => e.Reason == SloProfiler.ProfiledReason && e.Message!.Contains($"maxBatchSize {expected}", StringComparison.Ordinal));

        var pushes = engine.PushedBatchSizes.Count;
        await controller.RunPeriodAsync([h.Namespace], CancellationToken.None);
        engine.PushedBatchSizes.Count.Should().Be(pushes, "the same generation is not profiled again and the engine already runs the point");
        (await h.GetAsync("chat")).Status!.Tuning!.ProfiledGeneration.Should().Be(resource.Metadata.Generation, "control periods keep the profiled generation");
    }

    [ControlPlaneFact]
    public async Task The_profiling_sweep_tries_no_batch_larger_than_the_kv_cache_holds_at_the_workload_lengths()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "kvbound");
        await using var engine = await FakeEnginePod.StartAsync();
        engine.TokenMillisecondsPerSequence = 1;

        // 8 + 6 tokens per request, 28 tokens of KV: two requests fit, so the batch sweep starts (and, holding, ends) at 2.
        engine.KvCacheCapacityTokens = 28;
        await h.CreateAsync("chat", s =>
        {
            s.Slo = new SloSpec { Ttft = "5s", Tpot = "1s", Percentile = 95 };
            s.Workload = new WorkloadSpec { InputTokens = 8, OutputTokens = 6 };
        });
        await CreateAdminSecretAsync(h);
        await CreateReadyPodAsync(h.Client, h.Namespace, "chat-engine-a", engine.BaseUrl.Port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var controller = ProfilingController(h, http, TimeSpan.FromSeconds(6));

        await controller.RunPeriodAsync([h.Namespace], CancellationToken.None);

        var tuning = (await h.GetAsync("chat")).Status!.Tuning!;
        tuning.Curve!.Where(p => p.RequestRate is null).Select(p => p.MaxBatchSize!.Value).Should().Equal(2);
        engine.PushedBatchSizes.Should().NotBeEmpty().And.OnlyContain(b => b <= 2);
        tuning.MaxBatchSize.Should().BeInRange(1, 2);
        (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items.Should().Contain(e =>
            e.Reason == SloProfiler.ProfiledReason && e.Message!.Contains("batches up to 2: KV capacity 28 tokens / 14 tokens per request", StringComparison.Ordinal));
    }

    [ControlPlaneFact]
    public async Task A_manual_edit_of_the_deployment_replicas_is_reverted_with_an_event()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "owner");
        await h.CreateAsync("chat", s => s.Scaling = new ScalingSpec { MinReplicas = 1, MaxReplicas = 5 });
        await h.ReconcileAsync("chat");
        await h.Client.PatchStatusAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat",
            new JsonObject { ["status"] = new JsonObject { ["desiredReplicas"] = 2 } });
        await h.ReconcileAsync("chat");
        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(2);

        await h.Client.PatchAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } });
        await h.ReconcileAsync("chat");

        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(2);
        var events = (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items;
        events.Should().Contain(e => e.Reason == ReplicaOwnership.RevertedReason && e.Message!.Contains("set to 4", StringComparison.Ordinal));
    }

    private static Task<V1Secret> CreateAdminSecretAsync(ReconcilerHarness h) => NodePlayer.CreateAdminSecretAsync(h.Client, h.Namespace, "chat");

    /// <summary>An SLO controller whose profiler sweeps within <paramref name="profilingBudget"/>, on the clock's T0.</summary>
    private static SloController ProfilingController(ReconcilerHarness h, HttpClient http, TimeSpan profilingBudget)
    {
        var options = new SloControlOptions { ProfilingBudget = profilingBudget };
        var loop = new SloControlLoop(new EngineMetricsScraper(http), new EngineAdminClient(http), TunerSettings.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        var profiler = new SloProfiler(new ProfilingSweep(new EngineAdminClient(http), new Sluice.Bench.Running.LoadRunner()), new EngineMetricsScraper(http), options);
        return new SloController(h.Client, new ApiObjectReader(h.Client), loop, options, new ReconcilerOptions(),
            new EventRecorder(h.Client, "sluice-operator", "test"), new ManualClock(T0), NullLogger<SloController>.Instance, profiler);
    }

    private static async Task CreateReadyPodAsync(KubernetesClient client, string ns, string name, int port)
    {
        await NodePlayer.CreatePodAsync(client, ns, name, "chat", port);
        await NodePlayer.SetReadyAsync(client, ns, name);
    }
}
