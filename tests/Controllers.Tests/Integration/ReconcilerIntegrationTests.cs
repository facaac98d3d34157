using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Integration;

[Collection(ControlPlaneCollection.Name)]
public sealed class ReconcilerIntegrationTests(ControlPlaneFixture fixture)
{
    [ControlPlaneFact]
    public async Task Creates_owned_children_and_status_then_does_nothing_when_nothing_changed()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "children");
        var created = await h.CreateAsync("chat", s => s.Scaling = new ScalingSpec { MinReplicas = 2, MaxReplicas = 4 });

        var first = await h.ReconcileAsync("chat");

        first.StatusWritten.Should().BeTrue();
        var names = ChildNames.For("chat");
        var deployment = await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, names.Deployment);
        var children = new IKubernetesObject<V1ObjectMeta>[]
        {
            deployment,
            await h.Client.GetAsync<V1Service>(ResourceTypes.Service, h.Namespace, names.Service),
            await h.Client.GetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, names.AdminSecret),
            await h.Client.GetAsync<V1PodDisruptionBudget>(ResourceTypes.PodDisruptionBudgetV1Beta1, h.Namespace, names.PodDisruptionBudget),
        };
        children.Should().OnlyContain(c => c.Metadata.OwnerReferences!.Single().Uid == created.Metadata.Uid);
        deployment.Spec!.Replicas.Should().Be(2);

        var status = (await h.GetAsync("chat")).Status!;
        status.ObservedGeneration.Should().Be(created.Metadata.Generation);
        status.Endpoint.Should().Be($"http://chat.{h.Namespace}.svc.cluster.local:8000/v1");
        status.Selector.Should().Be("app.kubernetes.io/name=sluice-engine,sluice.dev/llmdeployment=chat");
        status.Conditions!.Select(c => (c.Type, c.Status)).Should().BeEquivalentTo(
            [("Degraded", "False"), ("Ready", "False"), ("Progressing", "True"), ("ModelReady", "True")]);
        status.Conditions.Should().OnlyContain(c => c.ObservedGeneration == created.Metadata.Generation);

        var token = (await h.Client.GetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, names.AdminSecret)).Data!["token"];

        // The Deployment controller fills in the Deployment's status for a moment; once it is quiet, a reconcile changes nothing.
        var settled = false;
        for (var i = 0; i < 20 && !settled; i++)
        {
            await Task.Delay(300);
            settled = !(await h.ReconcileAsync("chat")).StatusWritten;
        }

        settled.Should().BeTrue("status converges and is then written only when it changed");
        // Generation, not resourceVersion: the controller-manager keeps writing the Deployment's status meanwhile.
        var before = (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, names.Deployment)).Metadata.Generation;
        var resourceBefore = (await h.GetAsync("chat")).Metadata.ResourceVersion;

        (await h.ReconcileAsync("chat")).StatusWritten.Should().BeFalse();

        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, names.Deployment)).Metadata.Generation
            .Should().Be(before, "an unchanged apply leaves the Deployment's spec alone");
        (await h.GetAsync("chat")).Metadata.ResourceVersion.Should().Be(resourceBefore, "no status write when nothing changed");
        (await h.Client.GetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, names.AdminSecret)).Data!["token"].Should().Equal(token);
    }

    [ControlPlaneFact]
    public async Task A_deleted_admin_secret_is_recreated_with_the_token_the_running_engines_hold()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "admin-secret");
        await h.CreateAsync("chat", _ => { });
        await h.ReconcileAsync("chat");
        var names = ChildNames.For("chat");
        var token = (await h.Client.GetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, names.AdminSecret)).Data!["token"];

        await h.Client.DeleteAsync(ResourceTypes.Secret, h.Namespace, names.AdminSecret);
        (await h.Client.TryGetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, names.AdminSecret)).Should().BeNull();
        await h.ReconcileAsync("chat");

        (await h.Client.GetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, names.AdminSecret)).Data!["token"]
            .Should().Equal(token, "a new token would lock the SLO controller out of the engines that read the old one");
    }

    [ControlPlaneFact]
    public async Task Editing_min_replicas_resizes_the_deployment_and_drops_the_pdb()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "scale");
        await h.CreateAsync("chat", s => s.Scaling = new ScalingSpec { MinReplicas = 3 });
        await h.ReconcileAsync("chat");

        await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat",
            JsonNode.Parse("""{"spec":{"scaling":{"minReplicas":1}}}""")!);
        await h.ReconcileAsync("chat");

        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(1);
        (await h.Client.TryGetAsync<V1PodDisruptionBudget>(ResourceTypes.PodDisruptionBudgetV1Beta1, h.Namespace, "chat")).Should().BeNull();
        var resource = await h.GetAsync("chat");
        resource.Status!.ObservedGeneration.Should().Be(resource.Metadata.Generation);
    }

    [ControlPlaneFact]
    public async Task The_scale_subresource_sets_the_replica_floor_that_the_deployment_follows()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "hpa");
        await h.CreateAsync("chat", s => s.Scaling = new ScalingSpec { MinReplicas = 1, MaxReplicas = 5 });
        await h.ReconcileAsync("chat");

        // What an HPA or KEDA does: write spec.replicas of the scale subresource.
        var scale = await h.Client.SetScaleAsync(EntityTypes.LLMDeployment, h.Namespace, "chat", 3);
        await h.ReconcileAsync("chat");

        scale.Spec!.Replicas.Should().Be(3);
        (await h.GetAsync("chat")).Spec.Scaling!.MinReplicas.Should().Be(3);
        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(3);
        var read = await h.Client.GetScaleAsync(EntityTypes.LLMDeployment, h.Namespace, "chat");
        read.Spec!.Replicas.Should().Be(3);
        read.Status!.Selector.Should().Contain("chat", "the HPA finds the engine pods through the status selector");
    }

    [ControlPlaneFact]
    public async Task Unknown_gpu_degrades_with_an_event_and_creates_nothing()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "gpu");
        await h.CreateAsync("chat", s => s.Gpu = new GpuSpec { Type = "nvidia-b300" });

        var outcome = await h.ReconcileAsync("chat");
        await h.ReconcileAsync("chat");

        outcome.Degraded.Should().BeTrue();
        var degraded = (await h.GetAsync("chat")).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        degraded.Status.Should().Be("True");
        degraded.Reason.Should().Be(ConditionReasons.UnknownGpuType);
        degraded.Message.Should().Contain("nvidia-b300");
        (await h.Client.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Should().BeNull();
        var events = await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace);
        events.Items.Should().ContainSingle(e => e.Reason == ConditionReasons.UnknownGpuType && e.Type == "Warning" && e.InvolvedObject.Name == "chat",
            "one event per distinct problem, not one per reconcile");
    }

    [ControlPlaneFact]
    public async Task Model_too_big_for_the_gpu_degrades_with_the_numbers()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "fit");
        await h.CreateAsync("big", s =>
        {
            s.Model.Source = "dummy://llama-3-70b";
            s.Gpu = new GpuSpec { Type = "nvidia-h100-80gb", Count = 1 };
        });

        await h.ReconcileAsync("big");

        var degraded = (await h.GetAsync("big")).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        degraded.Reason.Should().Be(ConditionReasons.DoesNotFit);
        degraded.Message.Should().Contain("131.4 GiB of weights").And.Contain("set spec.quantization to int8").And.NotContain("spec.gpu.count");
    }

    [ControlPlaneFact]
    public async Task Two_gpus_with_the_sluice_runtime_degrade_with_one_event_and_create_nothing()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "gpus");
        await h.CreateAsync("chat", s =>
        {
            s.Model.Source = "dummy://llama-3-70b";
            s.Gpu = new GpuSpec { Type = "nvidia-h100-80gb", Count = 2 };
        });

        var outcome = await h.ReconcileAsync("chat");
        await h.ReconcileAsync("chat");

        outcome.Degraded.Should().BeTrue();
        var degraded = (await h.GetAsync("chat")).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        degraded.Reason.Should().Be(ConditionReasons.GpuCountUnsupported);
        degraded.Message.Should().StartWith("spec.gpu.count: spec.gpu.count is 2").And.Contain("does not shard").And.Contain("set spec.quantization to int8");
        (await h.Client.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Should().BeNull();
        (await h.Client.ListAsync<Corev1Event>(ResourceTypes.Event, h.Namespace)).Items
            .Should().ContainSingle(e => e.Reason == ConditionReasons.GpuCountUnsupported && e.Type == "Warning");
    }

    [ControlPlaneFact]
    public async Task Min_over_max_degrades_and_fixing_it_recovers()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "minmax");
        await h.CreateAsync("chat", s => s.Scaling = new ScalingSpec { MinReplicas = 3, MaxReplicas = 1 });
        await h.ReconcileAsync("chat");
        (await h.GetAsync("chat")).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded).Reason.Should().Be(ConditionReasons.InvalidScaling);

        await h.Client.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, "chat", JsonNode.Parse("""{"spec":{"scaling":{"maxReplicas":3}}}""")!);
        await h.ReconcileAsync("chat");

        var degraded = (await h.GetAsync("chat")).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        degraded.Status.Should().Be("False");
        (await h.Client.GetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Spec!.Replicas.Should().Be(3);
    }

    [ControlPlaneFact]
    public async Task Schema_rejects_invalid_specs_with_422_naming_the_field()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "schema");
        var cases = new (Action<LLMDeploymentSpec> Edit, string Field)[]
        {
            (s => s.Quantization = "int3", "spec.quantization"),
            (s => s.Slo = new SloSpec { Ttft = "fast" }, "spec.slo.ttft"),
            (s => s.Slo = new SloSpec { Percentile = 99.99 }, "spec.slo.percentile"),
            (s => s.Scaling = new ScalingSpec { MinReplicas = -1 }, "spec.scaling.minReplicas"),
            (s => s.Model.Source = "s3://Bucket/model", "spec.model.source"),
            (s => s.Model.Source = "oci://registry.io/Upper/model:v1", "spec.model.source"),
            (s => s.Model.Source = "ftp://host/model", "spec.model.source"),
            (s => s.Model.Endpoint = "not a url", "spec.model.endpoint"),
            (s => s.Engine = new EngineSpec { MaxBatchSize = "lots" }, "spec.engine.maxBatchSize"),
            (s => s.KvCacheDtype = "int8", "spec.kvCacheDtype"),
            (s => s.Gpu = new GpuSpec { Type = "nvidia-h100-80gb", Count = 17 }, "spec.gpu.count"),
        };

        foreach (var (edit, field) in cases)
        {
            var create = () => h.CreateAsync("bad", edit);
            (await create.Should().ThrowAsync<InvalidException>()).Which.Message.Should().Contain(field);
        }
    }

    [ControlPlaneFact]
    public async Task Deleting_the_resource_lets_the_garbage_collector_remove_the_children()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "delete");
        await h.CreateAsync("chat", s => s.Scaling = new ScalingSpec { MinReplicas = 2 });
        await h.ReconcileAsync("chat");

        await h.Client.DeleteAsync(EntityTypes.LLMDeployment, h.Namespace, "chat");
        (await h.ReconcileAsync("chat")).Should().Be(Sluice.Controllers.Reconciling.ReconcileOutcome.Gone);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (await h.Client.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat") is not null
            || await h.Client.TryGetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, "chat-admin") is not null
            || await h.Client.TryGetAsync<V1Service>(ResourceTypes.Service, h.Namespace, "chat") is not null))
        {
            await Task.Delay(500);
        }

        (await h.Client.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, h.Namespace, "chat")).Should().BeNull();
        (await h.Client.TryGetAsync<V1Service>(ResourceTypes.Service, h.Namespace, "chat")).Should().BeNull();
        (await h.Client.TryGetAsync<V1Secret>(ResourceTypes.Secret, h.Namespace, "chat-admin")).Should().BeNull();
    }
}
