using System.Collections.Concurrent;
using k8s.Models;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Controllers;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Helpers;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Kubernetes.Tests.Integration;

[Collection(ControlPlaneCollection.Name)]
public sealed class ControllerTests
{
    private const string Finalizer = "test.sluice.dev/cleanup";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ControlPlaneFixture _fixture;

    public ControllerTests(ControlPlaneFixture fixture)
    {
        _fixture = fixture;
    }

    [ControlPlaneFact]
    public async Task Controller_owns_children_survives_exceptions_and_runs_finalizer_cleanup_once()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("ctrl");
        using var client = plane.CreateClient();
        using var recorder = new EventRecorder(client, "sluice-test");
        using var manager = new ControllerManager(client);
        var reconciler = new ParentReconciler(client, recorder);
        var controller = manager.AddController("parents", ResourceTypes.Secret, reconciler, new ControllerOptions { MaxConcurrentReconciles = 2 }, ns);
        reconciler.Cache = controller.Primary.Cache;
        controller.Owns(manager.Informer<V1ConfigMap>(ResourceTypes.ConfigMap, ns));
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);

        await client.CreateAsync(ResourceTypes.Secret, new V1Secret { Metadata = new V1ObjectMeta { Name = "parent", NamespaceProperty = ns } });
        await Eventually.HoldsAsync(async () => await client.TryGetAsync<V1ConfigMap>(ResourceTypes.ConfigMap, ns, "parent-child") is not null, Timeout, "the child is created");
        var parent = await client.GetAsync<V1Secret>(ResourceTypes.Secret, ns, "parent");
        Finalizers.Has(parent, Finalizer).Should().BeTrue();
        controller.ErrorCount.Should().BeGreaterThanOrEqualTo(1, "the first reconcile of each key throws");

        var firstChild = await client.GetAsync<V1ConfigMap>(ResourceTypes.ConfigMap, ns, "parent-child");
        OwnerReferences.IsControlledBy(firstChild, parent).Should().BeTrue();
        await client.DeleteAsync(ResourceTypes.ConfigMap, ns, "parent-child");
        await Eventually.HoldsAsync(async () => await client.TryGetAsync<V1ConfigMap>(ResourceTypes.ConfigMap, ns, "parent-child") is { } child
            && child.Metadata.Uid != firstChild.Metadata.Uid, Timeout, "deleting the owned child reconciles the owner, which recreates it");

        await client.DeleteAsync(ResourceTypes.Secret, ns, "parent");
        await Eventually.HoldsAsync(async () => await client.TryGetAsync<V1Secret>(ResourceTypes.Secret, ns, "parent") is null, Timeout, "the parent is deleted once its finalizer is removed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        reconciler.Cleanups.Should().ContainSingle().Which.Value.Should().Be(1, "cleanup runs exactly once");
        var events = await client.ListAsync<Corev1Event>(ResourceTypes.Event, ns);
        events.Items.Should().Contain(e => e.Reason == "CleanedUp" && e.InvolvedObject.Name == "parent");

        await stop.CancelAsync();
        await run;
    }

    [ControlPlaneFact]
    public async Task Garbage_collector_deletes_children_after_their_owner()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("gc");
        using var client = plane.CreateClient();
        var owner = await client.CreateAsync(ResourceTypes.ConfigMap, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner", NamespaceProperty = ns } });
        for (var i = 0; i < 3; i++)
        {
            var child = new V1Secret { Metadata = new V1ObjectMeta { Name = $"child-{i}", NamespaceProperty = ns } };
            OwnerReferences.SetControllerReference(child, owner);
            await client.CreateAsync(ResourceTypes.Secret, child);
        }

        await client.CreateAsync(ResourceTypes.Secret, new V1Secret { Metadata = new V1ObjectMeta { Name = "unowned", NamespaceProperty = ns } });
        (await client.DeleteAsync(ResourceTypes.ConfigMap, ns, "owner", new V1DeleteOptions { PropagationPolicy = "Background" })).Should().BeTrue();

        await Eventually.HoldsAsync(async () => (await client.ListAsync<V1Secret>(ResourceTypes.Secret, ns)).Items.All(s => !s.Metadata.Name!.StartsWith("child-", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(90), "the garbage collector deletes the owned children", TimeSpan.FromMilliseconds(500));
        (await client.TryGetAsync<V1Secret>(ResourceTypes.Secret, ns, "unowned")).Should().NotBeNull();
    }

    [ControlPlaneFact]
    public async Task Repeated_events_are_aggregated_into_one_with_a_count()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("events");
        using var client = plane.CreateClient();
        using var recorder = new EventRecorder(client, "sluice-test");
        var subject = await client.CreateAsync(ResourceTypes.ConfigMap, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "subject", NamespaceProperty = ns } });

        for (var i = 0; i < 3; i++)
        {
            await recorder.RecordAsync(subject, EventTypes.Warning, "SloMissed", "p95 TTFT 0.8 s > 0.5 s");
        }

        await recorder.RecordAsync(subject, EventTypes.Normal, "Scaled", "1 -> 2");

        var events = (await client.ListAsync<Corev1Event>(ResourceTypes.Event, ns)).Items;
        events.Should().HaveCount(2);
        var missed = events.Single(e => e.Reason == "SloMissed");
        missed.Count.Should().Be(3);
        missed.Type.Should().Be(EventTypes.Warning);
        missed.InvolvedObject.Uid.Should().Be(subject.Metadata.Uid);
        missed.Source!.Component.Should().Be("sluice-test");
    }

    /// <summary>Keeps a finalizer and one owned ConfigMap per Secret; its first attempt per key throws.</summary>
    private sealed class ParentReconciler : IReconciler<V1Secret>
    {
        private readonly IKubernetesClient _client;
        private readonly IEventRecorder _recorder;
        private readonly ConcurrentDictionary<string, int> _attempts = new();

        public ParentReconciler(IKubernetesClient client, IEventRecorder recorder)
        {
            _client = client;
            _recorder = recorder;
        }

        public Sluice.Kubernetes.Runtime.ObjectCache<V1Secret>? Cache { get; set; }

        public ConcurrentDictionary<string, int> Cleanups { get; } = new();

        public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
        {
            if (_attempts.AddOrUpdate(request.ToString(), 1, (_, n) => n + 1) == 1)
            {
                throw new InvalidOperationException("first attempt fails on purpose");
            }

            var parent = Cache!.Get(request.Namespace, request.Name);
            if (parent is null)
            {
                return ReconcileResult.Done;
            }

            if (Finalizers.IsBeingDeleted(parent))
            {
                // The cache may lag the server (the child's deletion can enqueue the parent before the parent's own deletion
                // reaches the cache): external cleanup that must run once checks the server's copy first.
                var fresh = await _client.TryGetAsync<V1Secret>(ResourceTypes.Secret, parent.Metadata.NamespaceProperty, parent.Metadata.Name!, cancellationToken);
                if (fresh is not null && Finalizers.Has(fresh, Finalizer))
                {
                    parent = fresh;
                    Cleanups.AddOrUpdate(parent.Metadata.Uid!, 1, (_, n) => n + 1);
                    await _recorder.RecordAsync(parent, EventTypes.Normal, "CleanedUp", "external state removed", cancellationToken);
                    await Finalizers.RemoveAsync(_client, ResourceTypes.Secret, parent, Finalizer, cancellationToken);
                }

                return ReconcileResult.Done;
            }

            parent = await Finalizers.AddAsync(_client, ResourceTypes.Secret, parent, Finalizer, cancellationToken);
            if (parent is null)
            {
                return ReconcileResult.Done;
            }

            var child = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"{parent.Metadata.Name}-child", NamespaceProperty = parent.Metadata.NamespaceProperty } };
            OwnerReferences.SetControllerReference(child, parent);
            try
            {
                await _client.CreateAsync(ResourceTypes.ConfigMap, child, cancellationToken);
            }
            catch (AlreadyExistsException)
            {
                // Converged.
            }

            return ReconcileResult.Done;
        }
    }
}
