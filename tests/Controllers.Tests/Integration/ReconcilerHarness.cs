using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>A client, the installed LLMDeployment CRD and a reconciler against the shared test control plane.</summary>
internal sealed class ReconcilerHarness : IDisposable
{
    private static readonly SemaphoreSlim CrdLock = new(1, 1);

    private ReconcilerHarness(KubernetesClient client, string ns)
    {
        Client = client;
        Namespace = ns;
        Reconciler = new LLMDeploymentReconciler(client, new ApiObjectReader(client), new ReconcilerOptions(), new EventRecorder(client, "sluice-operator", "test"),
            Metrics, NullLogger<LLMDeploymentReconciler>.Instance);
    }

    public KubernetesClient Client { get; }

    public string Namespace { get; }

    public ReconcileMetrics Metrics { get; } = new();

    public LLMDeploymentReconciler Reconciler { get; }

    public static async Task<ReconcilerHarness> StartAsync(TestControlPlane plane, string prefix)
    {
        var client = plane.CreateClient();
        await InstallCrdAsync(client);
        return new ReconcilerHarness(client, await plane.CreateNamespaceAsync(prefix));
    }

    public Task<LLMDeployment> CreateAsync(string name, Action<LLMDeploymentSpec> edit)
    {
        var resource = new LLMDeployment { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace } };
        resource.Spec.Model.Source = "dummy://tiny";
        edit(resource.Spec);
        return Client.CreateAsync(EntityTypes.LLMDeployment, resource);
    }

    public Task<LLMDeployment> GetAsync(string name) => Client.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, Namespace, name);

    public Task<ReconcileOutcome> ReconcileAsync(string name) => Reconciler.ReconcileAsync(Namespace, name, CancellationToken.None);

    public void Dispose() => Client.Dispose();

    /// <summary>Creates (or replaces) the generated CRD and waits until the API serves it.</summary>
    public static async Task InstallCrdAsync(IKubernetesClient client)
    {
        await CrdLock.WaitAsync();
        try
        {
            var crd = CrdGenerator.Generate(typeof(LLMDeployment));
            try
            {
                await client.CreateAsync(ResourceTypes.CustomResourceDefinition, crd);
            }
            catch (AlreadyExistsException)
            {
                await client.ApplyAsync(ResourceTypes.CustomResourceDefinition, crd, "sluice-tests", force: true);
            }

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var current = await client.GetAsync<V1CustomResourceDefinition>(ResourceTypes.CustomResourceDefinition, null, crd.Metadata.Name!);
                if (current.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
                {
                    try
                    {
                        await client.ListAsync<LLMDeployment>(EntityTypes.LLMDeployment, "default", new ListOptions { Limit = 1 });
                        return;
                    }
                    catch (NotFoundException)
                    {
                    }
                }

                await Task.Delay(200);
            }

            throw new TimeoutException("the LLMDeployment CRD was not established within 30 s");
        }
        finally
        {
            CrdLock.Release();
        }
    }
}
