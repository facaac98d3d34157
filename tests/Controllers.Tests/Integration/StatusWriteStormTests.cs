using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>
/// Both status writers under a storm of resourceVersion bumps (another client patching the object as fast as it can):
/// their server-side applies never conflict and neither loses the other's fields.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class StatusWriteStormTests(ControlPlaneFixture fixture)
{
    private const int SloWrites = 30;
    private const int SpecEdits = 5;

    [ControlPlaneFact]
    public async Task Reconciler_and_slo_writes_during_a_resource_version_storm_all_land_without_a_conflict()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "storm");
        await h.CreateAsync("storm", _ => { });
        await h.ReconcileAsync("storm");
        var before = await h.GetAsync("storm");
        var slo = new ChildWriter(h.Client, new ApiObjectReader(h.Client), new ReconcilerOptions().FieldManager);
        var failures = new List<Exception>();

        using var stop = new CancellationTokenSource();
        var bumps = 0;
        var storm = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["test.sluice.dev/storm"] = bumps.ToString(System.Globalization.CultureInfo.InvariantCulture) } } };
                await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "storm", patch, PatchType.Merge);
                Interlocked.Increment(ref bumps);
            }
        });
        var reconciles = Task.Run(async () =>
        {
            for (var edit = 1; edit <= SpecEdits; edit++)
            {
                var spec = new JsonObject { ["spec"] = new JsonObject { ["workload"] = new JsonObject { ["outputTokens"] = 100 + edit } } };
                await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "storm", spec, PatchType.Merge);
                await Capture(failures, () => h.ReconcileAsync("storm"));
            }
        });
        var sloWrites = Task.Run(async () =>
        {
            for (var batch = 1; batch <= SloWrites; batch++)
            {
                var status = new LLMDeploymentStatus
                {
                    DesiredReplicas = 1,
                    Tuning = new TuningStatus { MaxBatchSize = batch },
                    Conditions = [new V1Condition { Type = ConditionTypes.SloMet, Status = "True", Reason = "WithinSlo", Message = $"write {batch}", LastTransitionTime = DateTime.UtcNow }],
                };
                await Capture(failures, () => slo.WriteStatusAsync(before, status, StatusOwner.SloController, CancellationToken.None));
            }
        });

        await Task.WhenAll(reconciles, sloWrites);
        await stop.CancelAsync();
        await storm;
        await h.ReconcileAsync("storm");

        failures.Should().BeEmpty("server-side applies of disjoint field groups carry no resourceVersion to conflict on");
        bumps.Should().BeGreaterThan(SpecEdits, "the storm bumped the resourceVersion throughout");
        var guarded = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = before.Metadata.ResourceVersion }, ["status"] = new JsonObject { ["replicas"] = 9 } };
        await FluentActions.Awaiting(() => h.Client.PatchStatusAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "storm", guarded, PatchType.Merge))
            .Should().ThrowAsync<ConflictException>("a write guarded by the resourceVersion read before the storm is stale");

        var after = await h.GetAsync("storm");
        after.Status!.ObservedGeneration.Should().Be(after.Metadata.Generation, "the reconciler's last write is there");
        after.Status.Tuning!.MaxBatchSize.Should().Be(SloWrites, "the SLO controller's last write is there");
        after.Status.DesiredReplicas.Should().Be(1);
        after.Status.Conditions!.Select(c => c.Type).Should().BeEquivalentTo(
            [ConditionTypes.Ready, ConditionTypes.Progressing, ConditionTypes.Degraded, ConditionTypes.ModelReady, ConditionTypes.SloMet], "each writer owns its own condition types");
        after.Status.Conditions!.Single(c => c.Type == ConditionTypes.SloMet).Message.Should().Be($"write {SloWrites}");
    }

    [ControlPlaneFact]
    public async Task A_spec_edit_after_both_writers_wrote_is_observed_by_the_next_reconcile()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "observe");
        await h.CreateAsync("edit", _ => { });
        await h.ReconcileAsync("edit");
        var slo = new ChildWriter(h.Client, new ApiObjectReader(h.Client), new ReconcilerOptions().FieldManager);
        await slo.WriteStatusAsync(await h.GetAsync("edit"), new LLMDeploymentStatus { DesiredReplicas = 1, Tuning = new TuningStatus { MaxBatchSize = 4 } },
            StatusOwner.SloController, CancellationToken.None);

        var spec = new JsonObject { ["spec"] = new JsonObject { ["workload"] = new JsonObject { ["outputTokens"] = 200 } } };
        var edited = await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "edit", spec, PatchType.Merge);
        await h.ReconcileAsync("edit");

        var after = await h.GetAsync("edit");
        after.Status!.ObservedGeneration.Should().Be(edited.Metadata.Generation);
        after.Status.Tuning!.MaxBatchSize.Should().Be(4);
    }

    private static async Task Capture(List<Exception> failures, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (KubernetesApiException ex)
        {
            lock (failures)
            {
                failures.Add(ex);
            }
        }
    }
}
