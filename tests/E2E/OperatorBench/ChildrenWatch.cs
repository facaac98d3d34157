using k8s;
using k8s.Models;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Helpers;

namespace Sluice.E2E.OperatorBench;

/// <summary>Polls one namespace until every named LLMDeployment has its Deployment, Service and admin Secret; records when each was complete.</summary>
public static class ChildrenWatch
{
    private static readonly ListOptions Managed = new() { LabelSelector = "app.kubernetes.io/managed-by=sluice-operator" };

    /// <summary>Seconds from <paramref name="since"/> to the first poll that saw all three children of each name (NaN for a name never complete).</summary>
    public static async Task<Dictionary<string, double>> WaitAsync(IKubernetesClient client, string ns, IReadOnlyCollection<string> names, DateTime since, TimeSpan timeout)
    {
        var done = new Dictionary<string, double>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        while (done.Count < names.Count && DateTime.UtcNow < deadline)
        {
            var deployments = Owners(await client.ListAllAsync<V1Deployment>(ResourceTypes.Deployment, ns, Managed));
            var services = Owners(await client.ListAllAsync<V1Service>(ResourceTypes.Service, ns, Managed));
            var secrets = Owners(await client.ListAllAsync<V1Secret>(ResourceTypes.Secret, ns, Managed));
            var now = (DateTime.UtcNow - since).TotalSeconds;
            foreach (var name in names.Where(n => !done.ContainsKey(n) && deployments.Contains(n) && services.Contains(n) && secrets.Contains(n)))
            {
                done[name] = now;
            }

            await Task.Delay(100);
        }

        foreach (var name in names.Where(n => !done.ContainsKey(n)))
        {
            done[name] = double.NaN;
        }

        return done;
    }

    private static HashSet<string> Owners<T>(KubernetesList<T> list)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        [.. list.Items.Select(o => o.Metadata.Labels.Lookup("sluice.dev/llmdeployment")).OfType<string>()];
}
