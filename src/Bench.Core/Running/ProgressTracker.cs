using Sluice.Bench.Results;
using Sluice.Bench.Timing;

namespace Sluice.Bench.Running;

/// <summary>Collects a run's records (thread-safe) and reports <see cref="RunProgress"/> snapshots.</summary>
internal sealed class ProgressTracker(IBenchClock clock, double runStartSeconds, int? targetRequests, double? durationSeconds, IProgress<RunProgress>? sink, Action<RequestRecord>? finished = null)
{
    private readonly Lock _lock = new();
    private readonly List<RequestRecord> _records = [];
    private int _sent;
    private int _failed;

    public void Started() => Report();

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Finished(RequestRecord record)
    {
        lock (_lock)
        {
            _records.Add(record);
            if (!record.Ok)
            {
                _failed++;
            }
        }

        finished?.Invoke(record);
        Report();
    }

    /// <summary>The records in request-index order.</summary>
    public IReadOnlyList<RequestRecord> Records()
    {
        lock (_lock)
        {
            return [.. _records.OrderBy(r => r.Index)];
        }
    }

    private void Report()
    {
        if (sink is null)
        {
            return;
        }

        RunProgress snapshot;
        lock (_lock)
        {
            snapshot = new RunProgress
            {
                Sent = Volatile.Read(ref _sent),
                Finished = _records.Count,
                Failed = _failed,
                ElapsedSeconds = clock.NowSeconds - runStartSeconds,
                TargetRequests = targetRequests,
                DurationSeconds = durationSeconds,
            };
        }

        sink.Report(snapshot);
    }
}
