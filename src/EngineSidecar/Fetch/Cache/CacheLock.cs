using System.Text.Json;

namespace Sluice.Engine.Fetch.Cache;

/// <summary>
/// An exclusive lock on one cache entry, shared across pods and nodes through the cache volume (RWX): the lock file is
/// created with O_EXCL (<see cref="FileMode.CreateNew"/>), which NFSv3+ and other shared file systems keep atomic. The
/// holder refreshes the file's modification time every <see cref="HeartbeatInterval"/>; a lock whose time is older than
/// the stale limit belongs to a holder that died (killed pod, lost node) and is taken over: renamed aside (only one
/// taker's rename succeeds), then created anew. The clocks of the nodes must agree within a fraction of the stale limit.
/// A lock written from this host (pod name) by a process that no longer runs, or by this very process id (a restarted
/// container is PID 1 again), is abandoned and taken over at once: a restarted init container resumes without waiting.
/// </summary>
public sealed class CacheLock : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _holder;
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _heartbeat;
    private readonly CancellationTokenSource _stop = new();

    // Holders of locks in this process: a lock naming this process id but none of them was left by an earlier container.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> LiveHolders = new(StringComparer.Ordinal);

    private CacheLock(string path, string holder, TimeSpan heartbeatInterval)
    {
        _path = path;
        _holder = holder;
        HeartbeatInterval = heartbeatInterval;
        _heartbeat = HeartbeatAsync();
    }

    public TimeSpan HeartbeatInterval { get; }

    /// <summary>Cancelled when the lock was taken from this holder (its file is gone or names another holder).</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>
    /// Takes the lock at <paramref name="path"/> when it is free or stale (older than <paramref name="staleAfter"/>); null
    /// when a live holder has it. The heartbeat runs every quarter of <paramref name="staleAfter"/> until disposed.
    /// </summary>
    public static CacheLock? TryAcquire(string path, string holder, TimeSpan staleAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        LiveHolders[holder] = true; // before the file exists, so no fetcher of this process takes it for abandoned
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                {
                    var record = new LockRecord(holder, Environment.MachineName, Environment.ProcessId, DateTime.UtcNow);
                    JsonSerializer.Serialize(stream, record, FetchJson.Default.LockRecord);
                }

                return new CacheLock(path, holder, staleAfter / 4);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!(IsStale(path, staleAfter, DateTime.UtcNow) || IsAbandoned(path)) || !TryBreak(path))
                {
                    break;
                }
            }
        }

        LiveHolders.TryRemove(holder, out _);
        return null;
    }

    /// <summary>True when the lock file at <paramref name="path"/> was last refreshed more than <paramref name="staleAfter"/> before <paramref name="nowUtc"/>.</summary>
    public static bool IsStale(string path, TimeSpan staleAfter, DateTime nowUtc)
    {
        return File.Exists(path) && nowUtc - File.GetLastWriteTimeUtc(path) > staleAfter;
    }

    /// <summary>
    /// True when the lock at <paramref name="path"/> was written on this host by a process that is gone: its process id
    /// does not run here, or is this process's own (a container restarted in the same pod) while the holder is another.
    /// </summary>
    public static bool IsAbandoned(string path)
    {
        if (Read(path) is not { } record || record.Host != Environment.MachineName)
        {
            return false;
        }

        if (record.ProcessId == Environment.ProcessId)
        {
            return !LiveHolders.ContainsKey(record.Holder);
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(record.ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }

    /// <summary>The holder named in the lock file, or null when it is absent or unreadable.</summary>
    public static string? HolderOf(string path) => Read(path)?.Holder;

    private static LockRecord? Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize(stream, FetchJson.Default.LockRecord);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stops the heartbeat and removes the lock file when it is still this holder's.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        if (HolderOf(_path) == _holder)
        {
            File.Delete(_path);
        }

        LiveHolders.TryRemove(_holder, out _);
        _stop.Dispose();
        _lost.Dispose();
    }

    private static bool TryBreak(string path)
    {
        var aside = $"{path}.stale-{Guid.NewGuid():N}";
        try
        {
            File.Move(path, aside);
            File.Delete(aside);
            return true;
        }
        catch (IOException)
        {
            return false; // another taker moved it first
        }
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (HolderOf(_path) != _holder)
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                File.SetLastWriteTimeUtc(_path, DateTime.UtcNow);
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
        catch (IOException)
        {
            await _lost.CancelAsync().ConfigureAwait(false);
        }
    }
}
