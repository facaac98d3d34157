using k8s.Models;
using Sluice.E2E.Infrastructure;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.E2E;

/// <summary>Two operator replicas under the chart's Lease: the leader dies mid-reconcile and the hot standby converges.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [ControlPlaneFact]
    public async Task Killing_the_leader_mid_reconcile_lets_the_standby_take_the_lease_and_converge_without_duplicates()
    {
        var ns = cluster.Namespace;
        var standby = await cluster.StartOperatorAsync("sluice-e2e-standby");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        (await LeaderGaugeAsync(http, standby)).Should().Be(0, "the standby waits for the Lease while the leader holds it");

        var names = new[] { "failover-a", "failover-b", "failover-c", "failover-d" };
        var file = Path.Combine(cluster.Plane.Directory, "failover.yaml");
        await File.WriteAllTextAsync(file, string.Join("---\n", names.Select(n =>
            $"apiVersion: sluice.dev/v1alpha1\nkind: LLMDeployment\nmetadata: {{name: {n}}}\nspec:\n  model: {{source: dummy://tiny}}\n")));
        (await cluster.KubectlAsync("apply", "-n", ns, "-f", file)).ExitCode.Should().Be(0);
        await Poll.TrueAsync(async () => await cluster.Admin.TryGetAsync<V1Secret>(ResourceTypes.Secret, ns, "failover-a-admin") is not null,
            Converge, "the first child of the first resource");
        cluster.Operator.Kill();
        await cluster.HandOverAsync(standby);

        await Poll.TrueAsync(async () => await LeaderGaugeAsync(http, standby) == 1, Converge, "the standby leading once the Lease expires", () => standby.Tail());
        foreach (var name in names)
        {
            await Poll.TrueAsync(async () => (await cluster.Admin.TryGetAsync<LLMDeployment>(EntityTypes.LLMDeployment, ns, name))?.Status?.Conditions?
                .Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true, Converge, $"{name} Ready under the new leader", () => standby.Tail());
        }

        var managed = new ListOptions { LabelSelector = "app.kubernetes.io/managed-by=sluice-operator" };
        var deployments = (await cluster.Admin.ListAsync<V1Deployment>(ResourceTypes.Deployment, ns, managed)).Items;
        var services = (await cluster.Admin.ListAsync<V1Service>(ResourceTypes.Service, ns, managed)).Items;
        var secrets = (await cluster.Admin.ListAsync<V1Secret>(ResourceTypes.Secret, ns, managed)).Items;
        foreach (var name in names)
        {
            deployments.Count(d => d.Metadata.Labels!["sluice.dev/llmdeployment"] == name).Should().Be(1, name);
            services.Count(s => s.Metadata.Labels!["sluice.dev/llmdeployment"] == name).Should().Be(1, name);
            secrets.Count(s => s.Metadata.Labels!["sluice.dev/llmdeployment"] == name).Should().Be(1, name);
        }

        (await cluster.KubectlAsync(["delete", "llm", "-n", ns, .. names])).ExitCode.Should().Be(0);
    }

    private static async Task<double> LeaderGaugeAsync(HttpClient http, OperatorProcess op)
    {
        var text = await http.GetStringAsync(new Uri(op.HttpAddress, "metrics"));
        var line = text.Split('\n').Single(l => l.StartsWith("sluice_operator_leader ", StringComparison.Ordinal));
        return double.Parse(line["sluice_operator_leader ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
