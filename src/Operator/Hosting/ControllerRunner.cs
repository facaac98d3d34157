using Sluice.Controllers.Desired;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.SloControl;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Controllers;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Runtime;
using Sluice.Operator.Configuration;

namespace Sluice.Operator.Hosting;

/// <summary>
/// Runs the LLMDeployment controllers (one per watched namespace, or one for all): an informer of
/// LLMDeployments, an informer of the Deployments the operator manages (mapped to their owner), and the
/// reconciler workers, and once the caches are synced the periodic SLO controller. Publishes the work-queue depth as a gauge.
/// </summary>
public sealed class ControllerRunner(
    IKubernetesClient client,
    LLMDeploymentReconciler reconciler,
    SloController sloController,
    OperatorConfig config,
    ReconcileMetrics metrics,
    OperatorState state,
    ILoggerFactory loggers)
{
    /// <summary>Starts informers and controllers; returns when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var namespaces = config.Namespaces.Count == 0 ? [null] : config.Namespaces.Select(n => (string?)n).ToList();
        var controllers = new List<Controller<LLMDeployment>>();
        var tasks = new List<Task>();
        var logger = loggers.CreateLogger("Sluice.Operator.Controller");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var ns in namespaces)
        {
            var primary = new Informer<LLMDeployment>(client, EntityTypes.LLMDeployment, new InformerOptions { Namespace = ns }, logger);
            var deployments = new Informer<Deployment>(client, ResourceTypes.Deployment,
                new InformerOptions { Namespace = ns, LabelSelector = $"{ChildLabels.ManagedBy}={ChildLabels.OperatorName}" }, logger);
            var controller = new Controller<LLMDeployment>($"llmdeployment/{ns ?? "*"}", primary, reconciler,
                new ControllerOptions { MaxConcurrentReconciles = Math.Max(1, config.Workers) }, logger).Owns(deployments);
            controllers.Add(controller);
            tasks.Add(primary.RunAsync(cts.Token));
            tasks.Add(deployments.RunAsync(cts.Token));
            tasks.Add(controller.RunAsync(cts.Token));
        }

        state.QueueDepth = () => controllers.Sum(c => c.Queue.Count);
        metrics.ObserveQueueDepth(() => state.QueueDepth());
        try
        {
            await Task.WhenAll(controllers.SelectMany(c => c.Informers).Select(i => i.WaitForSyncAsync(cts.Token))).ConfigureAwait(false);
            state.Ready = true;
            state.NotReadyReason = null;
            logger.LogInformation("caches synced; reconciling LLMDeployments in {Namespaces}", config.Namespaces.Count == 0 ? "all namespaces" : string.Join(",", config.Namespaces));
            tasks.Add(sloController.RunAsync(namespaces, cts.Token));
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            foreach (var controller in controllers)
            {
                controller.Dispose();
            }
        }
    }
}
