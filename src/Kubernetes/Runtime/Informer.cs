using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Watching;

namespace Sluice.Kubernetes.Runtime;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> in step with the server: list (paginated), then watch from the
/// list's resourceVersion, resuming across dropped connections (with backoff) and bookmarks; on 410 Gone it
/// lists again and emits the differences (adds, updates, deletes) so handlers converge on the server's
/// state. Every <see cref="InformerOptions.ResyncPeriod"/> all cached objects are re-delivered.
/// Handlers run on the informer's own tasks; keep them short and thread-safe (enqueue a key).
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubernetesClient _client;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly List<Action<InformerEvent<T>>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _dispatchLock = new();
    private long _listCount;

    public Informer(IKubernetesClient client, ResourceType type, InformerOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(type);
        _client = client;
        Type = type;
        _options = options ?? new InformerOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    public ResourceType Type { get; }

    /// <summary>The namespace watched, or null for all.</summary>
    public string? Namespace => _options.Namespace;

    public ObjectCache<T> Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Full lists done so far: 1 after the first sync, more after each relist (410).</summary>
    public long ListCount => Interlocked.Read(ref _listCount);

    /// <summary>The resourceVersion the informer has caught up to.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Registers a handler; objects already cached are delivered to it as Added first.</summary>
    public void AddHandler(Action<InformerEvent<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_dispatchLock)
        {
            _handlers.Add(handler);
            foreach (var obj in Cache.List())
            {
                Invoke(handler, new InformerEvent<T>(InformerEventType.Added, obj, null));
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var resync = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resyncTask = ResyncLoopAsync(resync.Token);
        var backoff = _options.BackoffFactory();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    backoff.Reset();
                    await WatchAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (GoneException ex)
                {
                    _logger.LogInformation("{Kind} watch expired at resourceVersion {ResourceVersion} ({Message}); relisting", Type.Kind, ResourceVersion, ex.Status.Message);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    var delay = backoff.Next();
                    _logger.LogWarning(ex, "{Kind} list failed; retrying in {DelayMs} ms", Type.Kind, (int)delay.TotalMilliseconds);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            await resync.CancelAsync().ConfigureAwait(false);
            await resyncTask.ConfigureAwait(false);
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await _client.ListAllAsync<T>(Type, _options.Namespace, new ListOptions
        {
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            Limit = _options.ListPageSize,
        }, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        lock (_dispatchLock)
        {
            foreach (var obj in list.Items)
            {
                seen.Add(ObjectKey.Of(obj));
                var old = Cache.Upsert(obj);
                if (old is null)
                {
                    Dispatch(new InformerEvent<T>(InformerEventType.Added, obj, null));
                }
                else if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                {
                    Dispatch(new InformerEvent<T>(InformerEventType.Modified, obj, old));
                }
            }

            foreach (var key in Cache.Keys().Where(k => !seen.Contains(k)))
            {
                if (Cache.Remove(key) is { } gone)
                {
                    Dispatch(new InformerEvent<T>(InformerEventType.Deleted, gone, gone));
                }
            }
        }

        ResourceVersion = list.Metadata.ResourceVersion;
        Interlocked.Increment(ref _listCount);
        _synced.TrySetResult();
        _logger.LogDebug("{Kind} listed {Count} objects at resourceVersion {ResourceVersion}", Type.Kind, list.Items.Count, ResourceVersion);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var options = new WatchOptions
        {
            ResourceVersion = ResourceVersion,
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            Timeout = _options.WatchTimeout ?? TimeSpan.FromSeconds(300 + Random.Shared.Next(300)),
            AllowBookmarks = true,
        };
        var events = _client.WatchResumingAsync<T>(Type, _options.Namespace, options, _options.BackoffFactory(), _logger, cancellationToken);
        await foreach (var change in events.ConfigureAwait(false))
        {
            lock (_dispatchLock)
            {
                Apply(change);
            }

            ResourceVersion = change.Object.Metadata.ResourceVersion ?? ResourceVersion;
        }
    }

    private void Apply(WatchEvent<T> change)
    {
        switch (change.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var old = Cache.Upsert(change.Object);
                Dispatch(new InformerEvent<T>(old is null ? InformerEventType.Added : InformerEventType.Modified, change.Object, old));
                break;
            case WatchEventType.Deleted:
                var removed = Cache.Remove(ObjectKey.Of(change.Object));
                Dispatch(new InformerEvent<T>(InformerEventType.Deleted, change.Object, removed));
                break;
            default:
                break;
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        if (_options.ResyncPeriod is not { } period || period <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await _synced.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(period);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_dispatchLock)
                {
                    foreach (var obj in Cache.List())
                    {
                        Dispatch(new InformerEvent<T>(InformerEventType.Resync, obj, obj));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Dispatch(InformerEvent<T> change)
    {
        foreach (var handler in _handlers)
        {
            Invoke(handler, change);
        }
    }

    private void Invoke(Action<InformerEvent<T>> handler, InformerEvent<T> change)
    {
        try
        {
            handler(change);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Kind} informer handler failed on {Type} {Key}", Type.Kind, change.Type, ObjectKey.Of(change.Object));
        }
    }
}
