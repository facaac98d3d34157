using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// Profiling sweeps running as their own tasks, at most one per deployment, so that a sweep (tens of seconds) never
/// holds up the control periods of the others. Remembers which spec generation each deployment's last sweep
/// profiled, so that a status write still on its way to the informer cache does not start a second sweep.
/// </summary>
internal sealed class ProfilingRuns(ILogger logger)
{
    private readonly ConcurrentDictionary<string, Run> _runs = new(StringComparer.Ordinal);

    /// <summary>True while a sweep of <paramref name="key"/> runs.</summary>
    public bool IsRunning(string key) => _runs.TryGetValue(key, out var run) && !run.Task.IsCompleted;

    /// <summary>True when the last sweep of <paramref name="key"/> profiled <paramref name="generation"/> and succeeded.</summary>
    public bool Finished(string key, long? generation) =>
        _runs.TryGetValue(key, out var run) && run.Generation == generation && run.Task.IsCompletedSuccessfully;

    /// <summary>Starts <paramref name="sweep"/> for <paramref name="key"/>; a failure is logged and leaves the generation unprofiled, so the next period retries.</summary>
    public void Start(string key, long? generation, Func<Task> sweep)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await sweep().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "profiling {Key} failed: {Message}", key, ex.Message);
                throw;
            }
        });
        _runs[key] = new Run(generation, task);
    }

    /// <summary>Completes when every sweep started so far has ended (failed ones included).</summary>
    public Task WhenAllAsync() => Task.WhenAll(_runs.Values.Select(r => r.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

    public void Forget(string key) => _runs.TryRemove(key, out _);

    private sealed record Run(long? Generation, Task Task);
}
