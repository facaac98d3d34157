namespace Sluice.Kubernetes.Queue;

/// <summary>
/// A de-duplicating, rate-limited work queue in the manner of client-go's:
/// <list type="bullet">
/// <item>an item waiting in the queue is queued once however often it is added;</item>
/// <item>an item being processed (taken, not yet <see cref="Done"/>) is never handed out twice; adds while
/// it is processed are remembered and it is queued again on <see cref="Done"/>;</item>
/// <item><see cref="AddAfter"/> delays an add (the earliest pending delay wins);
/// <see cref="AddRateLimited"/> delays by the item's backoff (5 ms doubling to 1000 s by default), which
/// <see cref="Forget"/> resets.</item>
/// </list>
/// </summary>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly WorkQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, int> _failures = [];
    private readonly Dictionary<T, DateTimeOffset> _waiting = [];
    private readonly Dictionary<T, long> _queuedAt = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();

    public WorkQueue(WorkQueueOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new WorkQueueOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Items queued and ready to be taken.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsShutDown => _shutdown.IsCancellationRequested;

    /// <summary>Queues <paramref name="item"/> unless it is already queued.</summary>
    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(item))
            {
                return;
            }

            _queuedAt[item] = _time.GetTimestamp();
            if (_processing.Contains(item))
            {
                return;
            }

            _queue.Enqueue(item);
        }

        _available.Release();
    }

    /// <summary>Queues <paramref name="item"/> after <paramref name="delay"/> (at once when not positive).</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        var readyAt = _time.GetUtcNow() + delay;
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested || (_waiting.TryGetValue(item, out var existing) && existing <= readyAt))
            {
                return;
            }

            _waiting[item] = readyAt;
        }

        _ = FireAsync(item, readyAt, delay);
    }

    /// <summary>Queues <paramref name="item"/> after its next backoff delay and counts one more failure.</summary>
    public void AddRateLimited(T item) => AddAfter(item, NextDelay(item));

    /// <summary>The delay the next <see cref="AddRateLimited"/> of <paramref name="item"/> uses (and counts it).</summary>
    public TimeSpan NextDelay(T item)
    {
        int failures;
        lock (_lock)
        {
            failures = _failures.GetValueOrDefault(item);
            _failures[item] = failures + 1;
        }

        var seconds = _options.BaseDelay.TotalSeconds * Math.Pow(2, Math.Min(failures, 62));
        return seconds >= _options.MaxDelay.TotalSeconds ? _options.MaxDelay : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Resets the item's backoff (after a success).</summary>
    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    /// <summary>How many times the item was rate-limited since the last <see cref="Forget"/>.</summary>
    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }

    /// <summary>
    /// Waits for an item and marks it as processing; call <see cref="Done"/> when finished with it.
    /// Throws <see cref="OperationCanceledException"/> on cancellation or shutdown.
    /// </summary>
    public async Task<T> TakeAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        while (true)
        {
            await _available.WaitAsync(linked.Token).ConfigureAwait(false);
            T item;
            long queuedAt;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out item!))
                {
                    continue;
                }

                _dirty.Remove(item);
                _processing.Add(item);
                _queuedAt.Remove(item, out queuedAt);
            }

            _options.Waited?.Invoke(_time.GetElapsedTime(queuedAt));
            return item;
        }
    }

    /// <summary>Ends processing of <paramref name="item"/>; it is queued again when it was added meanwhile.</summary>
    public void Done(T item)
    {
        var requeue = false;
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item) && !_shutdown.IsCancellationRequested)
            {
                _queue.Enqueue(item);
                requeue = true;
            }
        }

        if (requeue)
        {
            _available.Release();
        }
    }

    /// <summary>Stops handing out items; waiting takers get <see cref="OperationCanceledException"/>.</summary>
    public void ShutDown() => _shutdown.Cancel();

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
        _available.Dispose();
    }

    private async Task FireAsync(T item, DateTimeOffset readyAt, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        lock (_lock)
        {
            if (!_waiting.TryGetValue(item, out var current) || current != readyAt)
            {
                return;
            }

            _waiting.Remove(item);
        }

        Add(item);
    }
}
