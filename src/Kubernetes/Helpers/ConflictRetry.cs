using Sluice.Kubernetes.Errors;

namespace Sluice.Kubernetes.Helpers;

/// <summary>Re-runs a read-modify-write when it loses an optimistic-concurrency race (409 Conflict).</summary>
public static class ConflictRetry
{
    /// <summary>
    /// Runs <paramref name="attempt"/> (which must re-read what it changes) until it does not throw
    /// <see cref="ConflictException"/>, at most <paramref name="maxAttempts"/> times, with a short jittered
    /// pause between attempts. The last conflict is rethrown.
    /// </summary>
    public static async Task RunAsync(Func<CancellationToken, Task> attempt, int maxAttempts = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var i = 1; ; i++)
        {
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConflictException) when (i < maxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 10 + (5 * Math.Min(i, 20)))), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
