namespace Sluice.Engine.Fetch.Progress;

/// <summary>
/// While a fetcher holds an entry's lock, writes its progress next to the entry every <see cref="Interval"/>, so that
/// fetchers of other pods waiting on the lock serve the same numbers. Write errors are ignored (progress is advisory).
/// </summary>
public sealed class ProgressFileWriter : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Timer _timer;

    public ProgressFileWriter(FetchProgress progress, string path)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _timer = new Timer(_ =>
        {
            try
            {
                progress.WriteTo(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // advisory
            }
        }, null, TimeSpan.Zero, Interval);
    }

    public void Dispose() => _timer.Dispose();
}
