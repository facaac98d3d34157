using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;

namespace Sluice.E2E.OperatorBench;

/// <summary>
/// Watches one namespace for the Deployment, Service and admin Secret of named LLMDeployments and records when each
/// name had all three: the arrival time of its last child's ADDED event (a watch started without a resourceVersion
/// also delivers the objects that exist when it connects, so no child is missed).
/// </summary>
public sealed class ChildrenWatch : IAsyncDisposable
{
    private static readonly string[] Kinds = ["Deployment", "Service", "Secret"];
    private readonly ConcurrentDictionary<(string Owner, string Kind), DateTime> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watches;

    private ChildrenWatch(IKubernetesClient client, string ns)
    {
        _watches =
        [
            RecordAsync<V1Deployment>(client, ResourceTypes.Deployment, ns, "Deployment"),
            RecordAsync<V1Service>(client, ResourceTypes.Service, ns, "Service"),
            RecordAsync<V1Secret>(client, ResourceTypes.Secret, ns, "Secret"),
        ];
    }

    /// <summary>Starts watching <paramref name="ns"/>; start it before the LLMDeployments are applied.</summary>
    public static ChildrenWatch Start(IKubernetesClient client, string ns) => new(client, ns);

    /// <summary>Seconds from <paramref name="since"/> until each name had all three children (NaN for a name never complete in <paramref name="timeout"/>).</summary>
    public async Task<Dictionary<string, double>> WaitAsync(IReadOnlyCollection<string> names, DateTime since, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !names.All(n => Kinds.All(k => _seen.ContainsKey((n, k)))))
        {
            await Task.Delay(50);
        }

        return names.ToDictionary(n => n, n => Kinds.All(k => _seen.ContainsKey((n, k)))
            ? (Kinds.Max(k => _seen[(n, k)]) - since).TotalSeconds
            : double.NaN, StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watches.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task RecordAsync<T>(IKubernetesClient client, ResourceType type, string ns, string kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var options = new WatchOptions { LabelSelector = "app.kubernetes.io/managed-by=sluice-operator", Timeout = TimeSpan.FromMinutes(10) };
        await foreach (var change in client.WatchAsync<T>(type, ns, options, _stop.Token))
        {
            if (change.Type == WatchEventType.Added && change.Object.GetLabel("sluice.dev/llmdeployment") is { } owner)
            {
                _seen.TryAdd((owner, kind), DateTime.UtcNow);
            }
        }
    }
}
