using k8s;
using k8s.Models;
using Sluice.Kubernetes.Client;

namespace Sluice.Kubernetes.Reading;

/// <summary>Reads straight from the API server: every call is a request. For tests and tools that run without informers.</summary>
public sealed class ApiObjectReader(IKubernetesClient client) : IObjectReader
{
    public Task<T?> TryGetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> => client.TryGetAsync<T>(type, @namespace, name, cancellationToken);

    public async Task<IReadOnlyList<T>> ListAsync<T>(ResourceType type, string? @namespace, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var options = new ListOptions { LabelSelector = LabelMatch.SelectorText(labels) };
        return [.. (await client.ListAllAsync<T>(type, @namespace, options, cancellationToken).ConfigureAwait(false)).Items];
    }
}
