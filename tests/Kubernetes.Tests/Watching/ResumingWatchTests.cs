using k8s;
using k8s.Models;
using NSubstitute;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Watching;

namespace Sluice.Kubernetes.Tests.Watching;

public class ResumingWatchTests
{
    private static readonly Backoff Fast = new() { Initial = TimeSpan.FromMilliseconds(1), Max = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task Reconnects_from_the_last_resource_version_and_surfaces_gone()
    {
        var client = Substitute.For<IKubernetesClient>();
        var requested = new List<string?>();
        var streams = new Queue<Func<IAsyncEnumerable<WatchEvent<V1ConfigMap>>>>(
        [
            () => Stream([Added("a", "10"), Bookmark("12")], new HttpRequestException("connection reset")),
            () => Stream([Added("b", "15")], null),
            () => Stream([], new GoneException(new V1Status { Code = 410, Reason = "Expired" })),
        ]);
        client.WatchAsync<V1ConfigMap>(ResourceTypes.ConfigMap, "ns", Arg.Do<WatchOptions>(o => requested.Add(o.ResourceVersion)), Arg.Any<CancellationToken>())
            .Returns(_ => streams.Dequeue()());
        var seen = new List<string>();

        var act = async () =>
        {
            await foreach (var change in client.WatchResumingAsync<V1ConfigMap>(ResourceTypes.ConfigMap, "ns", new WatchOptions { ResourceVersion = "5" }, Fast))
            {
                seen.Add($"{change.Type}:{change.Object.Metadata.ResourceVersion}");
            }
        };

        await act.Should().ThrowAsync<GoneException>();
        seen.Should().Equal("Added:10", "Bookmark:12", "Added:15");
        requested.Should().Equal("5", "12", "15");
    }

    [Fact]
    public async Task Cancellation_ends_the_watch_quietly()
    {
        var client = Substitute.For<IKubernetesClient>();
        client.WatchAsync<V1ConfigMap>(Arg.Any<ResourceType>(), Arg.Any<string?>(), Arg.Any<WatchOptions>(), Arg.Any<CancellationToken>())
            .Returns(_ => Stream([], new HttpRequestException("refused")));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var count = 0;

        await foreach (var unused in client.WatchResumingAsync<V1ConfigMap>(ResourceTypes.ConfigMap, null, new WatchOptions(), Fast, cancellationToken: cancel.Token))
        {
            count++;
        }

        count.Should().Be(0);
        client.ReceivedCalls().Count().Should().BeGreaterThan(1, "failed connections are retried until cancelled");
    }

    private static WatchEvent<V1ConfigMap> Added(string name, string resourceVersion) =>
        new(WatchEventType.Added, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, ResourceVersion = resourceVersion } });

    private static WatchEvent<V1ConfigMap> Bookmark(string resourceVersion) =>
        new(WatchEventType.Bookmark, new V1ConfigMap { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } });

    private static async IAsyncEnumerable<WatchEvent<V1ConfigMap>> Stream(IEnumerable<WatchEvent<V1ConfigMap>> events, Exception? end)
    {
        foreach (var change in events)
        {
            await Task.Yield();
            yield return change;
        }

        if (end is not null)
        {
            throw end;
        }

        await Task.Delay(TimeSpan.FromSeconds(1.1));
    }
}
