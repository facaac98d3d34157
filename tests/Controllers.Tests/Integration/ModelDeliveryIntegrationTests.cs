using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Contracts.Fetch;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.SloControl;
using Sluice.Controllers.Tests.EngineApi;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>
/// Model delivery on the test control plane: the cache claim, progress read from a fetcher's endpoint on the pod IP into
/// status.model and ModelReady, a fetcher that keeps failing as Degraded with a named reason and one Event, and levers
/// that never change the pod template (the Deployment controller's pod-template-hash stays).
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ModelDeliveryIntegrationTests(ControlPlaneFixture fixture)
{
    [ControlPlaneFact]
    public async Task Fetcher_progress_then_a_named_failure_then_delivery_reach_the_status()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "delivery");
        await h.CreateAsync("chat", s => s.Model.Source = "hf://acme/tiny");
        await h.ReconcileAsync("chat");
        var claim = await h.Client.GetAsync<V1PersistentVolumeClaim>(ResourceTypes.PersistentVolumeClaim, h.Namespace, "sluice-model-cache");
        claim.Spec!.AccessModes.Should().Equal("ReadWriteMany");
        claim.Metadata.OwnerReferences.Should().BeNull();
        var template = (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Template.Spec;
        template.InitContainers!.Single().Args.Should().ContainInOrder("fetch", "--source", "hf://acme/tiny");

        await using var fetcher = await StubFetcher.StartAsync(new FetchProgressReport(FetchStates.Downloading, "c0ffee", 400_000_000, 1_600_000_000, 80e6, 15, FetchErrorKind.None, null, 1));
        var pod = await EnginePodAsync(h, "chat");
        await NodePlayerFetch.SetFetchingAsync(h.Client, h.Namespace, pod, fetcher.Port);

        var outcome = await h.ReconcileAsync("chat");

        outcome.RequeueAfter.Should().Be(ModelDelivery.StatusInterval, "progress is looked at again soon while a download runs");
        var status = (await h.GetAsync("chat")).Status!;
        (status.Model!.Phase, status.Model.DownloadedBytes, status.Model.TotalBytes, status.Model.Revision, status.Model.Pod)
            .Should().Be(("Downloading", 400_000_000L, 1_600_000_000L, "c0ffee", pod));
        status.Model.EtaSeconds.Should().Be(15);
        var ready = ConditionSet.Find(status.Conditions, ConditionTypes.ModelReady)!;
        (ready.Status, ready.Reason).Should().Be(("False", ConditionReasons.ModelDownloading));
        ready.Message.Should().Contain("0.40 of 1.60 GB");

        fetcher.Report = new FetchProgressReport(FetchStates.Retrying, "c0ffee", 400_000_000, 1_600_000_000, 0, null, FetchErrorKind.CredentialsRejected,
            "hf://acme/tiny@main (hub) answered 401 Unauthorized: Access to model acme/tiny is restricted.", 2);
        await h.ReconcileAsync("chat");
        fetcher.Report = fetcher.Report with { Attempt = 3 };
        await h.ReconcileAsync("chat");

        status = (await h.GetAsync("chat")).Status!;
        var degraded = ConditionSet.Find(status.Conditions, ConditionTypes.Degraded)!;
        (degraded.Status, degraded.Reason).Should().Be(("True", ConditionReasons.ModelCredentialsRejected));
        degraded.Message.Should().Contain($"pod {pod}").And.Contain("answered 401").And.Contain("retried with backoff");
        ConditionSet.Find(status.Conditions, ConditionTypes.ModelReady)!.Reason.Should().Be(ConditionReasons.ModelCredentialsRejected);
        (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items
            .Where(e => e.Reason == ConditionReasons.ModelCredentialsRejected && e.Type == "Warning").Should().ContainSingle("one Event per distinct problem, not per attempt");

        await NodePlayer.SetReadyAsync(h.Client, h.Namespace, pod);
        await h.ReconcileAsync("chat");

        status = (await h.GetAsync("chat")).Status!;
        (ConditionSet.Find(status.Conditions, ConditionTypes.ModelReady)!.Status, ConditionSet.Find(status.Conditions, ConditionTypes.ModelReady)!.Reason)
            .Should().Be(("True", ConditionReasons.ModelCached));
        ConditionSet.Find(status.Conditions, ConditionTypes.Degraded)!.Status.Should().Be("False");
        status.Model!.Phase.Should().Be("Ready");
    }

    [ControlPlaneFact]
    public async Task A_lever_edit_does_not_change_the_pod_template_hash()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "levers");
        await h.CreateAsync("chat", s => s.Engine = new EngineSpec { MaxBatchSize = "8" });
        await h.ReconcileAsync("chat");
        var before = await TemplateHashAsync(h, "chat");
        var generation = (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Metadata.Generation;

        await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat",
            new JsonObject { ["spec"] = new JsonObject { ["engine"] = new JsonObject { ["maxBatchSize"] = "32", ["maxRequestRate"] = "4.5" } } });
        await h.ReconcileAsync("chat");
        await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat",
            new JsonObject { ["spec"] = new JsonObject { ["engine"] = new JsonObject { ["maxBatchSize"] = "auto" } } });
        await h.ReconcileAsync("chat");

        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Metadata.Generation.Should().Be(generation, "the Deployment's spec did not change");
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for a rollout, had there been one
        (await TemplateHashAsync(h, "chat")).Should().Be(before);
    }

    [ControlPlaneFact]
    public async Task While_scaling_is_paused_a_fixed_lever_still_reaches_a_ready_engine_through_admin_config()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "paused");
        await using var engine = await FakeEnginePod.StartAsync();
        await h.CreateAsync("chat", s =>
        {
            s.Engine = new EngineSpec { MaxBatchSize = "24", MaxRequestRate = "auto" };
            s.Scaling = new ScalingSpec { Paused = true };
        });
        await NodePlayer.CreateAdminSecretAsync(h.Client, h.Namespace, "chat");
        await NodePlayer.CreatePodAsync(h.Client, h.Namespace, "chat-engine", "chat", engine.BaseUrl.Port);
        await NodePlayer.SetReadyAsync(h.Client, h.Namespace, "chat-engine");
        engine.MaxRequestRate = 7;
        using var http = new HttpClient();
        var resource = await h.GetAsync("chat");

        var changed = await PausedLevers.ApplyAsync(new EngineAdminClient(http), new ApiObjectReader(h.Client), resource, 8000, CancellationToken.None);
        var again = await PausedLevers.ApplyAsync(new EngineAdminClient(http), new ApiObjectReader(h.Client), resource, 8000, CancellationToken.None);

        (changed, again).Should().Be((1, 0));
        engine.MaxBatchSize.Should().Be(24);
        engine.MaxRequestRate.Should().Be(7, "a lever left on auto keeps the engine's value");
    }

    /// <summary>The pod-template-hash the Deployment controller put on the engine pods (exactly one: no second ReplicaSet's pods).</summary>
    private static async Task<string> TemplateHashAsync(ReconcilerHarness h, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var pods = await h.Client.ListAsync<V1Pod>(ResourceTypes.Pod, h.Namespace, new ListOptions { LabelSelector = ChildLabels.SelectorText(name) });
            var hashes = pods.Items.Select(p => p.GetLabel("pod-template-hash")).Where(v => v is not null).Distinct().ToList();
            if (hashes.Count > 0)
            {
                hashes.Should().ContainSingle("a lever edit must not start a second ReplicaSet");
                return hashes[0]!;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the Deployment controller creates the ReplicaSet and its pod");
            await Task.Delay(250);
        }
    }

    private static async Task<string> EnginePodAsync(ReconcilerHarness h, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var pods = await h.Client.ListAsync<V1Pod>(ResourceTypes.Pod, h.Namespace, new ListOptions { LabelSelector = ChildLabels.SelectorText(name) });
            if (pods.Items.FirstOrDefault(p => p.Metadata.DeletionTimestamp is null) is { } pod)
            {
                return pod.Metadata.Name!;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the ReplicaSet creates a pod");
            await Task.Delay(250);
        }
    }

    /// <summary>Serves a settable <see cref="FetchProgressReport"/> at the fetcher's path on a loopback port, as a running fetch container does.</summary>
    private sealed class StubFetcher : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        private StubFetcher(FetchProgressReport report)
        {
            Report = report;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public int Port { get; }

        public FetchProgressReport Report { get; set; }

        public static Task<StubFetcher> StartAsync(FetchProgressReport report) => Task.FromResult(new StubFetcher(report));

        public async ValueTask DisposeAsync()
        {
            _listener.Close();
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                var body = JsonSerializer.SerializeToUtf8Bytes(Report, FetchJsonContext.Default.FetchProgressReport);
                context.Response.StatusCode = context.Request.Url!.AbsolutePath == FetchProgressReport.Path ? 200 : 404;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }
    }
}
