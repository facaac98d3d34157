using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Kubernetes.Queue;
using Sluice.Kubernetes.Runtime;

namespace Sluice.Kubernetes.Controllers;

/// <summary>
/// Runs an <see cref="IReconciler{T}"/>: changes of the primary informer (and of watched children, mapped to
/// their owner) enqueue keys; workers take keys and reconcile them. Reconciler exceptions requeue the key
/// with backoff and never stop the workers.
/// </summary>
public sealed class Controller<T> : IDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IReconciler<T> _reconciler;
    private readonly ControllerOptions _options;
    private readonly ILogger _logger;
    private readonly List<IInformer> _informers = [];
    private long _reconcileCount;
    private long _errorCount;

    public Controller(string name, Informer<T> primary, IReconciler<T> reconciler, ControllerOptions? options = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(reconciler);
        Name = name;
        Primary = primary;
        _reconciler = reconciler;
        _options = options ?? new ControllerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConcurrentReconciles, 1);
        _logger = logger ?? NullLogger.Instance;
        Queue = new WorkQueue<ReconcileRequest>(_options.Queue);
        _informers.Add(primary);
        primary.AddHandler(change => Queue.Add(new ReconcileRequest(change.Object.Metadata.NamespaceProperty, change.Object.Metadata.Name!)));
    }

    public string Name { get; }

    public Informer<T> Primary { get; }

    public WorkQueue<ReconcileRequest> Queue { get; }

    /// <summary>Reconcile calls finished (successful or not).</summary>
    public long ReconcileCount => Interlocked.Read(ref _reconcileCount);

    /// <summary>Reconcile calls that threw.</summary>
    public long ErrorCount => Interlocked.Read(ref _errorCount);

    /// <summary>The informers this controller needs synced before it starts.</summary>
    public IReadOnlyList<IInformer> Informers => _informers;

    /// <summary>
    /// Reconciles the controlling owner of each changed child (an owner reference with controller=true whose
    /// apiVersion and kind are the primary type's), old and new owner alike.
    /// </summary>
    public Controller<T> Owns<TChild>(Informer<TChild> children)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(children);
        var apiVersion = Primary.Type.ApiVersion;
        var kind = Primary.Type.Kind;
        return Watches(children, child => (child.Metadata.OwnerReferences ?? [])
            .Where(o => o.Controller == true && o.Kind == kind && o.ApiVersion == apiVersion)
            .Select(o => new ReconcileRequest(Primary.Type.Namespaced ? child.Metadata.NamespaceProperty : null, o.Name)));
    }

    /// <summary>Reconciles the requests <paramref name="map"/> derives from each changed object of another type.</summary>
    public Controller<T> Watches<TOther>(Informer<TOther> informer, Func<TOther, IEnumerable<ReconcileRequest>> map)
        where TOther : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(map);
        _informers.Add(informer);
        informer.AddHandler(change =>
        {
            foreach (var request in map(change.Object).Concat(change.OldObject is null ? [] : map(change.OldObject)))
            {
                Queue.Add(request);
            }
        });
        return this;
    }

    /// <summary>Waits for the informers to sync, then reconciles until cancelled. The informers must be running.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(cancellationToken))).ConfigureAwait(false);
        _logger.LogInformation("controller {Controller} started with {Workers} workers", Name, _options.MaxConcurrentReconciles);
        var workers = Enumerable.Range(0, _options.MaxConcurrentReconciles).Select(_ => WorkAsync(cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        _logger.LogInformation("controller {Controller} stopped", Name);
    }

    public void Dispose() => Queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            ReconcileRequest request;
            try
            {
                request = await Queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                var result = await _reconciler.ReconcileAsync(request, cancellationToken).ConfigureAwait(false);
                if (result.IsRequeue)
                {
                    Queue.AddRateLimited(request);
                }
                else
                {
                    Queue.Forget(request);
                    if (result.RequeueAfter is { } delay)
                    {
                        Queue.AddAfter(request, delay);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _errorCount);
                var delay = Queue.NextDelay(request);
                _logger.LogError(ex, "controller {Controller}: reconcile of {Request} failed; retrying in {DelayMs} ms", Name, request, (long)delay.TotalMilliseconds);
                Queue.AddAfter(request, delay);
            }
            finally
            {
                Interlocked.Increment(ref _reconcileCount);
                Queue.Done(request);
            }
        }
    }
}
