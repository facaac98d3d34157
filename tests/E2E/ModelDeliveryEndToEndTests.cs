using k8s.Models;
using Sluice.E2E.Infrastructure;
using Sluice.Engine.Tests.Fetch;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.E2E;

/// <summary>
/// Model delivery through the installed operator on the test control plane: the pods of one hf:// model on one simulated
/// node run their real fetch init containers against a local fake hub and download each file once; a bad revision shows
/// up as a Degraded reason that names it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelDeliveryEndToEndTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(120);

    private string Ns => cluster.Namespace;

    [ControlPlaneFact]
    public async Task Two_pods_of_one_model_on_one_node_download_it_once_and_serve_it()
    {
        var files = Directory.GetFiles(Path.Combine(Tools.RepositoryRoot, "tests", "fixtures", "models", "llama"))
            .Where(f => !f.EndsWith("golden.json", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, files);
        hub.ThrottleBytesPerSecond = 400_000; // the downloads overlap: the second pod finds the first one's lock

        await ApplyAsync("fetched", $"model: {{source: hf://{FakeModelServer.Repository}, endpoint: '{hub.BaseAddress}'}}\n  scaling: {{minReplicas: 2}}");
        var ready = await Poll.ValueAsync(async () =>
        {
            var r = await cluster.Admin.TryGetAsync<LLMDeployment>(EntityTypes.LLMDeployment, Ns, "fetched");
            return r?.Status?.ReadyReplicas == 2 && r.Status.Conditions?.Any(c => c.Type == ConditionTypes.ModelReady && c.Status == "True") == true ? r : null;
        }, Converge, "fetched Ready with 2 replicas and ModelReady",
            () => $"start failures: [{string.Join("; ", cluster.Simulator.StartFailures.Select(kv => $"{kv.Key}: {kv.Value}"))}]\n{cluster.Operator.Tail()}");

        hub.ContentRequests.Keys.Should().BeEquivalentTo(files.Keys);
        hub.ContentRequests.Values.Should().AllBeEquivalentTo(1, "two pods on one node share one cache: each file is downloaded once");
        ConditionSet(ready!, ConditionTypes.ModelReady).Reason.Should().Be(ConditionReasons.ModelCached);
        (await cluster.Admin.TryGetAsync<V1PersistentVolumeClaim>(ResourceTypes.PersistentVolumeClaim, Ns, "sluice-model-cache")).Should().NotBeNull();
        (await cluster.KubectlAsync("delete", "llm", "-n", Ns, "fetched")).ExitCode.Should().Be(0);
    }

    [ControlPlaneFact]
    public async Task A_revision_that_does_not_exist_degrades_with_its_reason()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["config.json"] = "{}"u8.ToArray() });

        await ApplyAsync("norev", $"model: {{source: hf://{FakeModelServer.Repository}, revision: no-such-branch, endpoint: '{hub.BaseAddress}'}}");
        var degraded = await Poll.ValueAsync(async () =>
        {
            var r = await cluster.Admin.TryGetAsync<LLMDeployment>(EntityTypes.LLMDeployment, Ns, "norev");
            return r?.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Degraded && c.Status == "True" && c.Reason == ConditionReasons.ModelRevisionNotFound);
        }, Converge, "norev Degraded with ModelRevisionNotFound", () => cluster.Operator.Tail());

        degraded!.Message.Should().Contain("no-such-branch");
        (await cluster.KubectlAsync("delete", "llm", "-n", Ns, "norev")).ExitCode.Should().Be(0);
    }

    private static V1Condition ConditionSet(LLMDeployment resource, string type) => resource.Status!.Conditions!.Single(c => c.Type == type);

    private async Task ApplyAsync(string name, string spec)
    {
        var file = Path.Combine(cluster.Plane.Directory, $"{name}.yaml");
        await File.WriteAllTextAsync(file, $"apiVersion: sluice.dev/v1alpha1\nkind: LLMDeployment\nmetadata: {{name: {name}}}\nspec:\n  {spec}\n");
        var (code, stdout, stderr) = await cluster.KubectlAsync("apply", "-n", Ns, "-f", file);
        code.Should().Be(0, $"{name} applies cleanly: {stdout}{stderr}");
    }
}
