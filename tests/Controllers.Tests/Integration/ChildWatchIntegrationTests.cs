using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Controllers.Desired;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>The operator's controller wiring (informers of every child kind, reads from their caches) against the real control plane.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ChildWatchIntegrationTests(ControlPlaneFixture fixture)
{
    private static readonly TimeSpan PutBackWithin = TimeSpan.FromSeconds(5);

    [ControlPlaneFact]
    public async Task Each_child_deleted_by_hand_is_put_back_within_seconds_not_at_the_resync()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "childwatch");
        var reader = new CachedObjectReader(h.Client);
        var metrics = new ReconcileMetrics();
        // The reconciler never polls (no pod runs here): only a watch event can bring a deleted child back.
        var reconciler = new LLMDeploymentReconciler(h.Client, reader, new ReconcilerOptions(), new EventRecorder(h.Client, "sluice-operator", "test"),
            metrics, NullLogger<LLMDeploymentReconciler>.Instance);
        using var controller = await LLMDeploymentController.CreateAsync(h.Client, reader, reconciler, h.Namespace, 2, null, NullLogger.Instance, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var run = controller.RunAsync(cts.Token);
        try
        {
            // Two replicas, so that a PodDisruptionBudget is among the children.
            await h.CreateAsync("chat", s => s.Scaling = new ScalingSpec { MinReplicas = 2, MaxReplicas = 2 });
            var names = ChildNames.For("chat");

            await DeleteAndAwaitReturnAsync<V1Deployment>(h, controller, ResourceTypes.Deployment, names.Deployment);
            await DeleteAndAwaitReturnAsync<V1Service>(h, controller, ResourceTypes.Service, names.Service);
            var secret = await DeleteAndAwaitReturnAsync<V1Secret>(h, controller, ResourceTypes.Secret, names.AdminSecret);
            secret.Data!.Should().ContainKey(EngineArgs.AdminTokenKey);
            await DeleteAndAwaitReturnAsync<V1PodDisruptionBudget>(h, controller, ResourceTypes.PodDisruptionBudgetV1Beta1, names.PodDisruptionBudget);

            // Edited by hand (the reconciler skips applies the cache shows to be no-ops, so the edit must reach it through the watch).
            var image = (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, names.Deployment)).Spec!.Template.Spec!.Containers[0].Image;
            await h.Client.PatchAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, names.Deployment, new JsonObject
            {
                ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "engine", ["image"] = "example.com/other:1" }) } } },
            }, PatchType.StrategicMerge);
            await Eventually.HoldsAsync(async () => (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, names.Deployment)).Spec!.Template.Spec!.Containers[0].Image == image,
                PutBackWithin, "the engine image edited by hand set back");
            await h.Client.PatchAsync<V1Service>(ResourceTypes.Service, h.Namespace, names.Service, new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [ChildLabels.Owner] = null } },
            });
            await Eventually.HoldsAsync(async () => (await h.Client.GetAsync<V1Service>(ResourceTypes.Service, h.Namespace, names.Service)).GetLabel(ChildLabels.Owner) == "chat",
                PutBackWithin, "the Service's owner label removed by hand put back");

            controller.Controller.ErrorCount.Should().Be(0, "reads from lagging caches never make a reconcile fail");
            (await h.GetAsync("chat")).Status!.ObservedGeneration.Should().Be(1);
        }
        finally
        {
            await cts.CancelAsync();
            await run.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Waits for the child and for the controller to go quiet (no reconcile for 2 s, so that no other event is on its way),
    /// deletes the child, and waits until a new one (another uid) stands in its place; returns that one.
    /// </summary>
    private static async Task<T> DeleteAndAwaitReturnAsync<T>(ReconcilerHarness h, LLMDeploymentController controller, ResourceType type, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        T? current = null;
        await Eventually.HoldsAsync(async () => (current = await h.Client.TryGetAsync<T>(type, h.Namespace, name)) is not null,
            TimeSpan.FromSeconds(20), $"{type.Kind} {name} created by the controller");
        var uid = current!.Metadata.Uid;
        var quietSince = (Count: controller.Controller.ReconcileCount, At: DateTime.UtcNow);
        await Eventually.HoldsAsync(() =>
        {
            var count = controller.Controller.ReconcileCount;
            if (count != quietSince.Count)
            {
                quietSince = (count, DateTime.UtcNow);
            }

            return DateTime.UtcNow - quietSince.At > TimeSpan.FromSeconds(2);
        }, TimeSpan.FromSeconds(30), "the controller quiet for 2 s");

        await h.Client.DeleteAsync(type, h.Namespace, name);

        T? replaced = null;
        await Eventually.HoldsAsync(async () => (replaced = await h.Client.TryGetAsync<T>(type, h.Namespace, name)) is { } back && back.Metadata.Uid != uid,
            PutBackWithin, $"{type.Kind} {name} put back after it was deleted (the resync is 10 minutes away)");
        return replaced!;
    }
}
