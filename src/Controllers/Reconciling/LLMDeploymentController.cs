using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Controllers.Desired;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Controllers;
using Sluice.Kubernetes.Queue;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Runtime;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// The LLMDeployment controller of one namespace (or of all): informers of LLMDeployments, of every child kind the
/// reconciler writes (Deployment, Service, Secret, PodDisruptionBudget: those labelled as managed by the
/// operator, mapped to their controlling owner, so a child deleted or edited by hand is put back at once) and of the
/// engine pods (mapped to their LLMDeployment by label, so a pod that fails to start is reported at once). Every cache
/// serves the reconciler's and the SLO controller's reads through the <see cref="CachedObjectReader"/>.
/// </summary>
public sealed class LLMDeploymentController : IDisposable
{
    private readonly List<IInformer> _informers;

    private LLMDeploymentController(Controller<LLMDeployment> controller, List<IInformer> informers)
    {
        Controller = controller;
        _informers = informers;
    }

    public Controller<LLMDeployment> Controller { get; }

    /// <summary>Every informer this controller runs (the primary first).</summary>
    public IReadOnlyList<IInformer> Informers => _informers;

    /// <summary>
    /// Builds the informers and the controller and adds the caches to <paramref name="reader"/>; asks the server once
    /// which PodDisruptionBudget API it serves.
    /// </summary>
    public static async Task<LLMDeploymentController> CreateAsync(
        IKubernetesClient client, CachedObjectReader reader, IReconciler<LLMDeployment> reconciler, string? @namespace, int workers, Action<TimeSpan>? queueWaited, ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(reader);
        var primary = new Informer<LLMDeployment>(client, EntityTypes.LLMDeployment, new InformerOptions { Namespace = @namespace }, logger);
        reader.Add(primary);
        var controller = new Controller<LLMDeployment>($"llmdeployment/{@namespace ?? "*"}", primary, reconciler,
            new ControllerOptions { MaxConcurrentReconciles = Math.Max(1, workers), Queue = new WorkQueueOptions { Waited = queueWaited } }, logger);
        var informers = new List<IInformer> { primary };

        var managed = new Dictionary<string, string>(StringComparer.Ordinal) { [ChildLabels.ManagedBy] = ChildLabels.OperatorName };
        void Own<T>(ResourceType type)
            where T : class, IKubernetesObject<V1ObjectMeta>
        {
            var children = new Informer<T>(client, type, new InformerOptions { Namespace = @namespace, LabelSelector = LabelMatch.SelectorText(managed) }, logger);
            reader.Add(children, managed);
            controller.Owns(children);
            informers.Add(children);
        }

        Own<V1Deployment>(ResourceTypes.Deployment);
        Own<V1Service>(ResourceTypes.Service);
        Own<V1Secret>(ResourceTypes.Secret);
        Own<V1PodDisruptionBudget>(await PodDisruptionBudgetApi.ResolveAsync(client, @namespace, cancellationToken).ConfigureAwait(false));

        var engines = new Dictionary<string, string>(StringComparer.Ordinal) { [ChildLabels.Name] = ChildLabels.EngineName };
        var pods = new Informer<V1Pod>(client, ResourceTypes.Pod, new InformerOptions { Namespace = @namespace, LabelSelector = LabelMatch.SelectorText(engines) }, logger);
        reader.Add(pods, engines);
        controller.Watches(pods, pod => pod.GetLabel(ChildLabels.Owner) is { Length: > 0 } owner
            ? [new ReconcileRequest(pod.Metadata.NamespaceProperty, owner)]
            : []);
        informers.Add(pods);
        return new LLMDeploymentController(controller, informers);
    }

    /// <summary>Runs the informers and the controller's workers until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_informers.Select(i => i.RunAsync(cancellationToken)).Append(Controller.RunAsync(cancellationToken)));

    public void Dispose() => Controller.Dispose();
}
