using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Metrics;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Controllers.Tests.EngineApi;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>
/// What the engines report reaches status, against the test control plane: a refused start (container statuses written as
/// a kubelet would) degrades with the engine's message and one Event, and the quantization an engine reports lands in
/// status.engine and, when it is not the spec's, in Degraded.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class EngineHealthIntegrationTests(ControlPlaneFixture fixture)
{
    private const string Refusal = "cannot serve /models/org/llama as int4-awq: config.json has no quantization_config (a bf16 checkpoint); "
        + "use an AWQ export or --quantization none|int8|fp8";

    [ControlPlaneFact]
    public async Task An_engine_that_refuses_to_start_degrades_with_its_message_and_one_event_until_it_serves()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "refused");
        await h.CreateAsync("chat", s => s.Quantization = Quantizations.Int4Awq);
        await h.ReconcileAsync("chat");
        var pod = await EnginePodAsync(h, "chat");

        await NodePlayer.SetCrashLoopingAsync(h.Client, h.Namespace, pod, 2, Refusal, restarts: 1);
        var outcome = await h.ReconcileAsync("chat");
        await NodePlayer.SetCrashLoopingAsync(h.Client, h.Namespace, pod, 2, Refusal, restarts: 2);
        await h.ReconcileAsync("chat");
        await h.ReconcileAsync("chat");

        outcome.Degraded.Should().BeTrue();
        var resource = await h.GetAsync("chat");
        var degraded = ConditionSet.Find(resource.Status!.Conditions, ConditionTypes.Degraded)!;
        (degraded.Status, degraded.Reason, degraded.ObservedGeneration).Should().Be(("True", ConditionReasons.EngineStartFailed, resource.Metadata.Generation));
        degraded.Message.Should().Be($"the engine in pod {pod} exited with code 2 and is restarted in a loop until the cause is fixed: {Refusal}");
        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Should().NotBeNull("the children stay applied");
        (await WarningsAsync(h, ConditionReasons.EngineStartFailed)).Should().ContainSingle("one Event per distinct message, not one per restart or reconcile")
            .Which.Message.Should().Contain(Refusal);

        await NodePlayer.SetReadyAsync(h.Client, h.Namespace, pod);
        await h.ReconcileAsync("chat");

        var cleared = ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!;
        (cleared.Status, cleared.Reason).Should().Be(("False", ConditionReasons.SpecValid));
    }

    [ControlPlaneFact]
    public async Task A_failing_model_download_degrades_with_the_downloaders_message()
    {
        const string unauthorized = "huggingface_hub.errors.GatedRepoError: 401 Client Error. Access to model meta-llama/Meta-Llama-3-70B-Instruct is restricted.";
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "download");
        await h.CreateAsync("chat", s => s.Model.Source = "hf://meta-llama/Meta-Llama-3-70B-Instruct");
        await h.ReconcileAsync("chat");
        var pod = await EnginePodAsync(h, "chat");

        await NodePlayer.SetDownloadFailingAsync(h.Client, h.Namespace, pod, 1, unauthorized);
        await h.ReconcileAsync("chat");
        await h.ReconcileAsync("chat");

        var degraded = ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!;
        (degraded.Status, degraded.Reason).Should().Be(("True", ConditionReasons.ModelDownloadFailed));
        degraded.Message.Should().Be($"the model download in pod {pod} exited with code 1 and is restarted in a loop until the cause is fixed: {unauthorized}");
        (await WarningsAsync(h, ConditionReasons.ModelDownloadFailed)).Should().ContainSingle();
    }

    [ControlPlaneFact]
    public async Task The_slo_controller_writes_what_the_engine_reports_into_status_engine()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "report");
        await using var engine = await FakeEnginePod.StartAsync();
        engine.ModelInfo = new EngineModelInfo("tiny", Quantizations.Fp8, "fp8");
        var created = await h.CreateAsync("chat", s =>
        {
            s.Quantization = Quantizations.Fp8;
            s.KvCacheDtype = KvCacheDtypes.Fp8;
            s.Engine = new EngineSpec { MaxBatchSize = "8", MaxRequestRate = "2" };
        });
        await NodePlayer.CreateAdminSecretAsync(h.Client, h.Namespace, "chat");
        await NodePlayer.CreatePodAsync(h.Client, h.Namespace, "chat-engine-a", "chat", engine.BaseUrl.Port, EngineArgs.For(created.Spec, new EngineSettings()));
        await NodePlayer.SetReadyAsync(h.Client, h.Namespace, "chat-engine-a");
        await SetDegradedAsync(h, ConditionReasons.EngineMismatch);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await SloController(h, http).RunPeriodAsync([h.Namespace], CancellationToken.None);

        var status = (await h.GetAsync("chat")).Status!;
        status.Engine.Should().BeEquivalentTo(new EngineStatus
        {
            Quantization = Quantizations.Fp8,
            KvCacheDtype = "fp8",
            Pod = "chat-engine-a",
            ObservedGeneration = created.Metadata.Generation,
        }, "a deployment degraded by its engine is still controlled, so the report can clear the condition");

        engine.ModelInfo = new EngineModelInfo("tiny", Quantizations.None, "bf16");
        await SetDegradedAsync(h, ConditionReasons.InvalidSpec);
        await SloController(h, http).RunPeriodAsync([h.Namespace], CancellationToken.None);

        (await h.GetAsync("chat")).Status!.Engine!.Quantization.Should().Be(Quantizations.Fp8, "a deployment degraded by its spec is left alone");
    }

    private static async Task SetDegradedAsync(ReconcilerHarness h, string reason) =>
        await h.Client.PatchStatusAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = ConditionTypes.Degraded,
                    ["status"] = "True",
                    ["reason"] = reason,
                    ["message"] = "set by the test",
                    ["lastTransitionTime"] = "2026-12-02T10:00:00Z",
                }),
            },
        });

    [ControlPlaneFact]
    public async Task An_engine_reporting_another_quantization_degrades_once_and_recovers_when_it_reports_the_spec()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "mismatch");
        var created = await h.CreateAsync("chat", s => s.Quantization = Quantizations.Int4Awq);
        await h.ReconcileAsync("chat");

        await SetEngineStatusAsync(h, "none", "bf16", created.Metadata.Generation);
        var outcome = await h.ReconcileAsync("chat");
        await h.ReconcileAsync("chat");

        outcome.Degraded.Should().BeTrue();
        var degraded = ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!;
        (degraded.Status, degraded.Reason).Should().Be(("True", ConditionReasons.EngineMismatch));
        degraded.Message.Should().Contain("quantization none where spec.quantization is int4-awq");
        (await WarningsAsync(h, ConditionReasons.EngineMismatch)).Should().ContainSingle();

        await SetEngineStatusAsync(h, "int4-awq", "bf16", created.Metadata.Generation);
        await h.ReconcileAsync("chat");

        ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!.Status.Should().Be("False");
    }

    [ControlPlaneFact]
    public async Task A_report_from_before_a_spec_change_does_not_degrade_the_new_spec()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "stale");
        var created = await h.CreateAsync("chat", s => s.Quantization = Quantizations.None);
        await h.ReconcileAsync("chat");
        await SetEngineStatusAsync(h, "none", "bf16", created.Metadata.Generation);

        await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat", JsonNode.Parse("""{"spec":{"quantization":"fp8"}}""")!);
        var outcome = await h.ReconcileAsync("chat");

        outcome.Degraded.Should().BeFalse("the report is for the previous generation; the new pods have not reported yet");
        ConditionSet.Find((await h.GetAsync("chat")).Status!.Conditions, ConditionTypes.Degraded)!.Status.Should().Be("False");
        var args = (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Template.Spec.Containers.Single().Args;
        EngineArgs.FlagValue(args, EngineArgs.QuantizationFlag).Should().Be("fp8", "the new pods get the new flag");
    }

    private static async Task SetEngineStatusAsync(ReconcilerHarness h, string quantization, string kv, long? generation) =>
        await h.Client.PatchStatusAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["engine"] = new JsonObject { ["quantization"] = quantization, ["kvCacheDtype"] = kv, ["pod"] = "chat-engine-a", ["observedGeneration"] = generation },
            },
        });

    /// <summary>The name of the pod the ReplicaSet controller created for <paramref name="name"/>'s Deployment (waits up to 60 s).</summary>
    private static async Task<string> EnginePodAsync(ReconcilerHarness h, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var pods = await h.Client.ListAsync<V1Pod>(ResourceTypes.Pod, h.Namespace, new ListOptions { LabelSelector = ChildLabels.SelectorText(name) });
            if (pods.Items.FirstOrDefault(p => p.Metadata.DeletionTimestamp is null) is { } pod)
            {
                return pod.Metadata.Name!;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"no engine pod of {name} appeared within 60 s");
    }

    private static async Task<List<Corev1Event>> WarningsAsync(ReconcilerHarness h, string reason) =>
        (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items
            .Where(e => e.Reason == reason && e.Type == "Warning" && e.InvolvedObject.Name == "chat").ToList();

    private static SloController SloController(ReconcilerHarness h, HttpClient http)
    {
        var loop = new SloControlLoop(new EngineMetricsScraper(http), new EngineAdminClient(http), TunerSettings.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        return new SloController(h.Client, new ApiObjectReader(h.Client), loop, new SloControlOptions(), new ReconcilerOptions(),
            new EventRecorder(h.Client, "sluice-operator", "test"), TimeProvider.System, NullLogger<SloController>.Instance);
    }
}
