using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sluice.Kubernetes.Controllers;
using Sluice.Kubernetes.Queue;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// SLO control as keyed work: each tracked LLMDeployment's next period is an item in a work queue, due
/// <see cref="SloControlOptions.Period"/> after its last one started, taken by a pool of workers (a key is never
/// run twice at once). A slow engine or a profiling sweep (its own task) delays only its own deployment. A key
/// whose LLMDeployment is gone is dropped; <see cref="Track"/> it again when it comes back. Run it only while leading.
/// </summary>
public sealed class SloScheduler(SloController controller, SloControlOptions options, ILogger<SloScheduler> logger) : IDisposable
{
    /// <summary>Workers the operator runs: enough that a few slow engines (a scrape times out after seconds) delay no one else.</summary>
    public const int DefaultWorkers = 8;

    private readonly WorkQueue<ReconcileRequest> _queue = new();
    private readonly ConcurrentDictionary<ReconcileRequest, Schedule> _tracked = new();
    private long _latenessTicksMax;

    /// <summary>Deployments under control.</summary>
    public int TrackedCount => _tracked.Count;

    /// <summary>The longest a period started after it was due, since the scheduler was made (first periods, all due at once when tracked, excluded).</summary>
    public TimeSpan MaxLateness => TimeSpan.FromTicks(Interlocked.Read(ref _latenessTicksMax));

    /// <summary>Periods run so far for one deployment (0 when not tracked).</summary>
    public long PeriodsRun(string? @namespace, string name) =>
        _tracked.TryGetValue(new ReconcileRequest(@namespace, name), out var schedule) ? Interlocked.Read(ref schedule.Periods) : 0;

    /// <summary>Puts a deployment under control (its first period is due now); a tracked one is left as it is.</summary>
    public void Track(string? @namespace, string name)
    {
        var key = new ReconcileRequest(@namespace, name);
        if (_tracked.TryAdd(key, new Schedule { DueTicks = DateTimeOffset.UtcNow.UtcTicks }))
        {
            _queue.Add(key);
        }
    }

    /// <summary>Runs <paramref name="workers"/> workers until cancelled.</summary>
    public async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        logger.LogInformation("SLO control runs with {Workers} workers, a period of {PeriodSeconds} s per deployment", workers, options.Period.TotalSeconds);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkAsync(cancellationToken))).ConfigureAwait(false);
    }

    public void Dispose() => _queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            ReconcileRequest key;
            try
            {
                key = await _queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                await RunPeriodAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    private async Task RunPeriodAsync(ReconcileRequest key, CancellationToken cancellationToken)
    {
        if (!_tracked.TryGetValue(key, out var schedule))
        {
            return;
        }

        var started = DateTimeOffset.UtcNow.UtcTicks;
        var lateness = started - Interlocked.Read(ref schedule.DueTicks);
        long seen;
        while (Interlocked.Read(ref schedule.Periods) > 0 && lateness > (seen = Interlocked.Read(ref _latenessTicksMax))
               && Interlocked.CompareExchange(ref _latenessTicksMax, lateness, seen) != seen)
        {
        }

        var exists = await controller.RunKeyAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref schedule.Periods);
        if (!exists)
        {
            _tracked.TryRemove(key, out _);
            return;
        }

        Interlocked.Exchange(ref schedule.DueTicks, started + options.Period.Ticks);
        var wait = TimeSpan.FromTicks(started + options.Period.Ticks - DateTimeOffset.UtcNow.UtcTicks);
        _queue.AddAfter(key, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    private sealed class Schedule
    {
        public long DueTicks;
        public long Periods;
    }
}
