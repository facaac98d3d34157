using Sluice.Controllers.Reconciling;
using Sluice.Controllers.SloControl;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Reading;
using Sluice.Operator.Configuration;

namespace Sluice.Operator.Hosting;

/// <summary>
/// Runs the LLMDeployment controllers (one per watched namespace, or one for all: see <see cref="LLMDeploymentController"/>
/// for the informers each runs), and once the caches are synced SLO control, a period per LLMDeployment scheduled by
/// the <see cref="SloScheduler"/>; both read through the caches. Publishes the work-queue depth as a gauge.
/// </summary>
public sealed class ControllerRunner(
    IKubernetesClient client,
    CachedObjectReader reader,
    LLMDeploymentReconciler reconciler,
    SloController sloController,
    SloControlOptions sloOptions,
    OperatorConfig config,
    ReconcileMetrics metrics,
    OperatorState state,
    ILoggerFactory loggers)
{
    /// <summary>Starts informers and controllers; returns when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var namespaces = config.Namespaces.Count == 0 ? [null] : config.Namespaces.Select(n => (string?)n).ToList();
        var controllers = new List<LLMDeploymentController>();
        var tasks = new List<Task>();
        var logger = loggers.CreateLogger("Sluice.Operator.Controller");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slo = new SloScheduler(sloController, sloOptions, loggers.CreateLogger<SloScheduler>());
        try
        {
            foreach (var ns in namespaces)
            {
                var controller = await LLMDeploymentController.CreateAsync(client, reader, reconciler, ns, config.Workers, metrics.RecordQueueWait, logger, cts.Token).ConfigureAwait(false);
                controller.Controller.Primary.AddHandler(change => slo.Track(change.Object.Metadata.NamespaceProperty, change.Object.Metadata.Name!));
                controllers.Add(controller);
                tasks.Add(controller.RunAsync(cts.Token));
            }

            state.QueueDepth = () => controllers.Sum(c => c.Controller.Queue.Count);
            metrics.ObserveQueueDepth(() => state.QueueDepth());
            await Task.WhenAll(controllers.SelectMany(c => c.Informers).Select(i => i.WaitForSyncAsync(cts.Token))).ConfigureAwait(false);
            state.Ready = true;
            state.NotReadyReason = null;
            logger.LogInformation("caches synced; reconciling LLMDeployments in {Namespaces}", config.Namespaces.Count == 0 ? "all namespaces" : string.Join(",", config.Namespaces));
            tasks.Add(slo.RunAsync(SloScheduler.DefaultWorkers, cts.Token));
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            reader.Clear();
            foreach (var controller in controllers)
            {
                controller.Dispose();
            }
        }
    }
}
