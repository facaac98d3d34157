using System.Collections.Concurrent;
using k8s.Models;
using Sluice.Kubernetes.Helpers;
using Sluice.Kubernetes.Runtime;
using Sluice.Kubernetes.Tests.ControlPlane;
using Sluice.Kubernetes.Watching;

namespace Sluice.Kubernetes.Tests.Integration;

/// <summary>Informers across an apiserver outage: resume by resourceVersion, and relist after compaction.</summary>
public sealed class WatchOutageTests : IClassFixture<HaControlPlaneFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HaControlPlaneFixture _fixture;

    public WatchOutageTests(HaControlPlaneFixture fixture)
    {
        _fixture = fixture;
    }

    [ControlPlaneFact]
    public async Task Watch_resumes_after_an_apiserver_restart_and_sees_changes_made_during_the_outage()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("resume");
        using var watched = plane.CreateClient(0);
        using var other = plane.CreateClient(1);
        var events = new ConcurrentQueue<(InformerEventType Type, string Name, string? Value)>();
        var informer = NewInformer(watched, ns);
        informer.AddHandler(e => events.Enqueue((e.Type, e.Object.Metadata.Name!, e.Object.Data.Lookup("v"))));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await other.CreateAsync(ResourceTypes.ConfigMap, Cm(ns, "before", "0"));
        await Eventually.HoldsAsync(() => informer.Cache.Get(ns, "before") is not null, Timeout, "the informer sees 'before'");

        plane.StopApiServer(0);
        await other.CreateAsync(ResourceTypes.ConfigMap, Cm(ns, "during", "1"));
        await other.ReplaceAsync(ResourceTypes.ConfigMap, Cm(ns, "before", "2", (await other.GetAsync<V1ConfigMap>(ResourceTypes.ConfigMap, ns, "before")).Metadata.ResourceVersion));
        await other.CreateAsync(ResourceTypes.ConfigMap, Cm(ns, "short-lived", "3"));
        await other.DeleteAsync(ResourceTypes.ConfigMap, ns, "short-lived");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await plane.StartApiServerAsync(0);

        await Eventually.HoldsAsync(() => events.Any(e => e is (InformerEventType.Deleted, "short-lived", _)), Timeout, "the informer sees the deletion made during the outage");
        informer.Cache.Get(ns, "during")!.Data!["v"].Should().Be("1");
        informer.Cache.Get(ns, "before")!.Data!["v"].Should().Be("2");
        informer.Cache.Get(ns, "short-lived").Should().BeNull();
        events.Select(e => (e.Type, e.Name)).Should().ContainInOrder(
            (InformerEventType.Added, "during"), (InformerEventType.Modified, "before"),
            (InformerEventType.Added, "short-lived"), (InformerEventType.Deleted, "short-lived"));
        informer.ListCount.Should().Be(1, "the watch resumed from its resourceVersion without a relist");
        await stop.CancelAsync();
        await run;
    }

    [ControlPlaneFact]
    public async Task Informer_relists_after_410_gone_and_converges()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("gone");
        var elsewhere = await plane.CreateNamespaceAsync("noise");
        using var watched = plane.CreateClient(0);
        using var other = plane.CreateClient(1);
        await other.CreateAsync(ResourceTypes.ConfigMap, Cm(ns, "keep", "0"));
        await other.CreateAsync(ResourceTypes.ConfigMap, Cm(ns, "remove", "0"));
        var deleted = new ConcurrentBag<string>();
        var informer = NewInformer(watched, ns);
        informer.AddHandler(e =>
        {
            if (e.Type == InformerEventType.Deleted)
            {
                deleted.Add(e.Object.Metadata.Name!);
            }
        });
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync();
        informer.Cache.Count.Should().Be(2);

        plane.StopApiServer(0);
        await other.DeleteAsync(ResourceTypes.ConfigMap, ns, "remove");
        await other.CreateAsync(ResourceTypes.ConfigMap, Cm(ns, "added", "1"));
        for (var i = 0; i < 5; i++)
        {
            await other.CreateAsync(ResourceTypes.ConfigMap, Cm(elsewhere, $"noise-{i}", "x"));
        }

        var compactedAt = await plane.CompactEtcdAsync();
        long.Parse(informer.ResourceVersion!).Should().BeLessThan(compactedAt);
        await plane.StartApiServerAsync(0);

        await Eventually.HoldsAsync(() => informer.ListCount >= 2, Timeout, "the informer relists after 410");
        await Eventually.HoldsAsync(() => informer.Cache.List(ns).Select(c => c.Metadata.Name).Order().SequenceEqual(["added", "keep"]), Timeout, "the cache converges");
        deleted.Should().Contain("remove", "objects deleted while the watch was gone are reported deleted by the relist");

        await other.CreateAsync(ResourceTypes.ConfigMap, Cm(ns, "after", "2"));
        await Eventually.HoldsAsync(() => informer.Cache.Get(ns, "after") is not null, Timeout, "the informer watches again after the relist");
        await stop.CancelAsync();
        await run;
    }

    private static Informer<V1ConfigMap> NewInformer(Sluice.Kubernetes.Client.IKubernetesClient client, string ns) =>
        new(client, ResourceTypes.ConfigMap, new InformerOptions
        {
            Namespace = ns,
            ResyncPeriod = null,
            BackoffFactory = () => new Backoff { Initial = TimeSpan.FromMilliseconds(200), Max = TimeSpan.FromSeconds(2) },
        });

    private static V1ConfigMap Cm(string ns, string name, string value, string? resourceVersion = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion }, Data = new Dictionary<string, string>() { ["v"] = value } };
}
