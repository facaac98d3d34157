using System.Net.Http.Json;
using System.Text.Json;
using k8s;
using k8s.Models;
using Sluice.E2E.Infrastructure;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.E2E;

[Collection(ClusterCollection.Name)]
public sealed class OperatorEndToEndTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    private string Ns => cluster.Namespace;

    private string Example(string file) => Path.Combine(Tools.RepositoryRoot, "examples", file);

    private Task<LLMDeployment?> GetAsync(string name) => cluster.Admin.TryGetAsync<LLMDeployment>(EntityTypes.LLMDeployment, Ns, name);

    private async Task<LLMDeployment> WaitReadyAsync(string name, int readyReplicas) => (await Poll.ValueAsync(async () =>
    {
        var r = await GetAsync(name);
        var ready = r?.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True" && c.ObservedGeneration == r.Metadata.Generation) == true;
        return ready && r!.Status!.ReadyReplicas == readyReplicas ? r : null;
    }, Converge, $"{name} Ready with {readyReplicas} replicas",
        () => $"engine start failures: [{string.Join("; ", cluster.Simulator.StartFailures.Select(kv => $"{kv.Key}: {kv.Value}"))}]; running: [{string.Join(", ", cluster.Simulator.RunningPods)}]\n{cluster.Operator.Tail()}"))!;

    private async Task ApplyAsync(string yaml, string name)
    {
        var (code, stdout, stderr) = await cluster.KubectlAsync("apply", "-n", Ns, "-f", yaml);
        code.Should().Be(0, $"{name} applies cleanly: {stdout}{stderr}");
    }

    [ControlPlaneFact]
    public async Task Packaged_chart_is_installed_with_both_images_at_the_chart_version()
    {
        var deployment = await cluster.Admin.GetAsync<V1Deployment>(ResourceTypes.Deployment, ClusterFixture.ReleaseNamespace, ClusterFixture.ReleaseName);
        var container = deployment.Spec!.Template.Spec!.Containers.Single();
        container.Image.Should().Be($"ghcr.io/sluice-dev/sluice-operator:{cluster.ChartVersion}");
        deployment.Metadata.Labels!["helm.sh/chart"].Should().Be($"sluice-{cluster.ChartVersion}");

        var config = await cluster.Admin.GetAsync<V1ConfigMap>(ResourceTypes.ConfigMap, ClusterFixture.ReleaseNamespace, ClusterFixture.ReleaseName);
        config.Data!["config.json"].Should().Contain($"\"ghcr.io/sluice-dev/sluice-engine:{cluster.ChartVersion}\"", "engine pods run the engine image of the same release");
    }

    [ControlPlaneFact]
    public async Task Dummy_example_becomes_ready_scales_and_is_cleaned_up()
    {
        await ApplyAsync(Example("dummy-tiny.yaml"), "tiny");
        var resource = await WaitReadyAsync("tiny", 1);

        resource.Status!.Endpoint.Should().Be($"http://tiny.{Ns}.svc.cluster.local:8000/v1");
        var children = new IKubernetesObject<V1ObjectMeta>?[]
        {
            await cluster.Admin.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, Ns, "tiny"),
            await cluster.Admin.TryGetAsync<V1Service>(ResourceTypes.Service, Ns, "tiny"),
            await cluster.Admin.TryGetAsync<V1Secret>(ResourceTypes.Secret, Ns, "tiny-admin"),
        };
        children.Should().OnlyContain(c => c != null && c.Metadata.OwnerReferences!.Single().Uid == resource.Metadata.Uid);

        var engine = await Poll.ValueAsync(() => cluster.Simulator.ResolveServiceAsync("tiny"), Converge, "a Ready engine behind Service tiny");
        using var http = new HttpClient { BaseAddress = engine };
        using (var models = JsonDocument.Parse(await http.GetStringAsync("v1/models")))
        {
            models.RootElement.GetProperty("data")[0].GetProperty("id").GetString().Should().Be("tiny", "the operator passes --served-model-name");
        }

        var (code, _, stderr) = await cluster.KubectlAsync("patch", "llm", "tiny", "-n", Ns, "--type", "merge", "-p", """{"spec":{"scaling":{"minReplicas":2}}}""");
        code.Should().Be(0, stderr);
        await Poll.TrueAsync(async () => (await cluster.Admin.GetAsync<V1Deployment>(ResourceTypes.Deployment, Ns, "tiny")).Spec!.Replicas == 2,
            Converge, "the Deployment to follow minReplicas=2");
        await WaitReadyAsync("tiny", 2);
        (await cluster.Admin.TryGetAsync<V1PodDisruptionBudget>(ResourceTypes.PodDisruptionBudgetV1Beta1, Ns, "tiny")).Should().NotBeNull("two replicas get a PDB");

        (await cluster.KubectlAsync("delete", "-n", Ns, "-f", Example("dummy-tiny.yaml"))).ExitCode.Should().Be(0);
        await Poll.TrueAsync(async () =>
            await cluster.Admin.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, Ns, "tiny") is null
            && await cluster.Admin.TryGetAsync<V1Service>(ResourceTypes.Service, Ns, "tiny") is null
            && await cluster.Admin.TryGetAsync<V1Secret>(ResourceTypes.Secret, Ns, "tiny-admin") is null
            && await cluster.Admin.TryGetAsync<V1PodDisruptionBudget>(ResourceTypes.PodDisruptionBudgetV1Beta1, Ns, "tiny") is null,
            Converge, "the garbage collector to remove every child of tiny");
    }

    [ChatFact]
    public async Task Chat_completion_through_the_endpoint_answers()
    {
        await ApplyAsync(Example("dummy-tiny.yaml"), "tiny");
        await WaitReadyAsync("tiny", 1);
        var engine = await Poll.ValueAsync(() => cluster.Simulator.ResolveServiceAsync("tiny"), Converge, "a Ready engine behind Service tiny");
        using var http = new HttpClient { BaseAddress = engine };

        using var response = await http.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "tiny",
            max_tokens = 8,
            messages = new[] { new { role = "user", content = "Hello" } },
        });

        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().NotBeNullOrEmpty();
        cluster.Simulator.DroppedOptions.Values.SelectMany(d => d).Should().BeEmpty("the engine accepts every option the operator passes");
        (await cluster.KubectlAsync("delete", "-n", Ns, "-f", Example("dummy-tiny.yaml"))).ExitCode.Should().Be(0);
    }

    [ControlPlaneFact]
    public async Task Invalid_specs_are_rejected_with_422_naming_the_field()
    {
        var cases = new (string Spec, string Field)[]
        {
            ("model: {source: dummy://tiny}\n  quantization: int3", "spec.quantization"),
            ("model: {source: ftp://bucket/m}", "spec.model.source"),
            ("model: {source: 'oci://registry.io/Upper:v1'}", "spec.model.source"),
            ("model: {source: dummy://tiny}\n  slo: {ttft: fast}", "spec.slo.ttft"),
            ("model: {source: dummy://tiny}\n  scaling: {minReplicas: -1}", "spec.scaling.minReplicas"),
            ("quantization: none", "spec.model"),
        };
        foreach (var (spec, field) in cases)
        {
            var file = Path.Combine(cluster.Plane.Directory, "bad.yaml");
            await File.WriteAllTextAsync(file, $"apiVersion: sluice.dev/v1alpha1\nkind: LLMDeployment\nmetadata: {{name: bad}}\nspec:\n  {spec}\n");

            // --validate=false: kubectl sends the object as is, so the answer is the API server's 422.
            var (code, _, stderr) = await cluster.KubectlAsync("apply", "--validate=false", "-n", Ns, "-f", file);

            code.Should().NotBe(0, field);
            stderr.Should().Contain("is invalid").And.Contain(field);
        }
    }

    [ControlPlaneFact]
    public async Task Unknown_gpu_type_reports_degraded_and_an_event()
    {
        var file = Path.Combine(cluster.Plane.Directory, "b300.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: sluice.dev/v1alpha1\nkind: LLMDeployment\nmetadata: {name: b300}\nspec:\n  model: {source: dummy://llama-3-8b}\n  gpu: {type: nvidia-b300}\n");
        await ApplyAsync(file, "b300");

        var degraded = await Poll.ValueAsync(async () => (await GetAsync("b300"))?.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Degraded && c.Status == "True"),
            Converge, "b300 Degraded", () => cluster.Operator.Tail());
        degraded.Reason.Should().Be(ConditionReasons.UnknownGpuType);
        await Poll.TrueAsync(async () => (await cluster.Admin.ListAsync<Corev1Event>(ResourceTypes.Event, Ns)).Items
            .Any(e => e.InvolvedObject.Name == "b300" && e.Reason == ConditionReasons.UnknownGpuType && e.Type == "Warning"), Converge, "the UnknownGpuType event");
        (await cluster.Admin.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, Ns, "b300")).Should().BeNull();
        (await cluster.KubectlAsync("delete", "llm", "b300", "-n", Ns)).ExitCode.Should().Be(0);
    }

    [ControlPlaneFact]
    public async Task Gpu_examples_are_accepted_fit_and_request_their_gpus()
    {
        await ApplyAsync(Example("llama-3-8b-h100.yaml"), "llama-3-8b");
        await ApplyAsync(Example("llama-3-70b-int4-h100.yaml"), "llama-3-70b");

        foreach (var name in new[] { "llama-3-8b", "llama-3-70b" })
        {
            var deployment = await Poll.ValueAsync(() => cluster.Admin.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, Ns, name), Converge, $"{name}'s Deployment");
            var engine = deployment.Spec!.Template.Spec.Containers.Single();
            engine.Resources!.Limits!["nvidia.com/gpu"].ToString().Should().Be("1");
            deployment.Spec.Template.Spec.NodeSelector.Should().ContainKey("nvidia.com/gpu.product");
            deployment.Spec.Template.Spec.InitContainers.Should().ContainSingle(c => c.Name == "download");
            (await GetAsync(name))!.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded).Status.Should().Be("False");
            (await cluster.KubectlAsync("delete", "llm", name, "-n", Ns)).ExitCode.Should().Be(0);
        }
    }

    [ControlPlaneFact]
    public async Task Killing_the_operator_mid_reconcile_and_restarting_converges_without_duplicates()
    {
        var names = new[] { "kill-a", "kill-b", "kill-c" };
        foreach (var name in names)
        {
            var file = Path.Combine(cluster.Plane.Directory, $"{name}.yaml");
            await File.WriteAllTextAsync(file, $"apiVersion: sluice.dev/v1alpha1\nkind: LLMDeployment\nmetadata: {{name: {name}}}\nspec:\n  model: {{source: dummy://tiny}}\n");
            await ApplyAsync(file, name);
        }

        await Poll.TrueAsync(async () => await cluster.Admin.TryGetAsync<V1Deployment>(ResourceTypes.Deployment, Ns, names[0]) is not null,
            Converge, "the first child to appear");
        cluster.Operator.Kill();
        await cluster.RestartOperatorAsync("sluice-e2e-1");

        foreach (var name in names)
        {
            await WaitReadyAsync(name, 1);
        }

        var deployments = (await cluster.Admin.ListAsync<V1Deployment>(ResourceTypes.Deployment, Ns, new Kubernetes.Client.ListOptions { LabelSelector = "app.kubernetes.io/managed-by=sluice-operator" })).Items;
        var pods = (await cluster.Admin.ListAsync<V1Pod>(ResourceTypes.Pod, Ns, new Kubernetes.Client.ListOptions { LabelSelector = "app.kubernetes.io/name=sluice-engine" })).Items;
        foreach (var name in names)
        {
            deployments.Count(d => d.Metadata.Labels!["sluice.dev/llmdeployment"] == name).Should().Be(1, name);
            pods.Count(p => p.Metadata.Labels!["sluice.dev/llmdeployment"] == name && p.Metadata.DeletionTimestamp is null).Should().Be(1, name);
            (await cluster.KubectlAsync("delete", "llm", name, "-n", Ns)).ExitCode.Should().Be(0);
        }
    }
}
