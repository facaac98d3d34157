using System.Diagnostics;
using System.Text.Json;
using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch.Progress;

/// <summary>
/// The fetcher's live state, thread-safe: bytes present out of the total, a rate over the last
/// <see cref="RateWindow"/>, and the last error while retrying. <see cref="Report"/> is what the progress endpoint serves.
/// </summary>
public sealed class FetchProgress
{
    /// <summary>The span the rate is measured over.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Queue<(long Ticks, long Bytes)> _samples = new();
    private FetchProgressReport _report = new(FetchStates.Resolving, null, 0, null, 0, null, FetchErrorKind.None, null, 1);
    private long _downloadedBytes;

    public FetchProgressReport Report
    {
        get
        {
            lock (_gate)
            {
                return _report;
            }
        }
    }

    /// <summary>Starts downloading <paramref name="revision"/>: <paramref name="presentBytes"/> of <paramref name="totalBytes"/> are there already.</summary>
    public void Start(string state, string revision, long presentBytes, long totalBytes)
    {
        lock (_gate)
        {
            _samples.Clear();
            _downloadedBytes = presentBytes;
            _report = _report with
            {
                State = state,
                Revision = revision,
                DownloadedBytes = presentBytes,
                TotalBytes = totalBytes,
                BytesPerSecond = 0,
                EtaSeconds = null,
                ErrorKind = FetchErrorKind.None,
                Message = null,
            };
        }
    }

    /// <summary>Counts <paramref name="bytes"/> more received (negative when a bad file is dropped).</summary>
    public void Add(long bytes)
    {
        lock (_gate)
        {
            _downloadedBytes += bytes;
            var now = Stopwatch.GetTimestamp();
            _samples.Enqueue((now, _downloadedBytes));
            while (_samples.Count > 2 && Stopwatch.GetElapsedTime(_samples.Peek().Ticks, now) > RateWindow)
            {
                _samples.Dequeue();
            }

            var (firstTicks, firstBytes) = _samples.Peek();
            var seconds = Stopwatch.GetElapsedTime(firstTicks, now).TotalSeconds;
            var rate = seconds > 0.2 ? Math.Max(0, (_downloadedBytes - firstBytes) / seconds) : _report.BytesPerSecond;
            var left = (_report.TotalBytes ?? _downloadedBytes) - _downloadedBytes;
            _report = _report with { DownloadedBytes = _downloadedBytes, BytesPerSecond = rate, EtaSeconds = rate > 0 ? Math.Max(0, left) / rate : null };
        }
    }

    /// <summary>Sets the state (and, for a waiter, the holder's numbers read from its progress file).</summary>
    public void Set(string state, FetchProgressReport? holder = null)
    {
        lock (_gate)
        {
            _report = holder is null
                ? _report with { State = state }
                : _report with
                {
                    State = state,
                    Revision = holder.Revision ?? _report.Revision,
                    DownloadedBytes = holder.DownloadedBytes,
                    TotalBytes = holder.TotalBytes,
                    BytesPerSecond = holder.BytesPerSecond,
                    EtaSeconds = holder.EtaSeconds,
                };
        }
    }

    /// <summary>Records a failed attempt; the next attempt's number is <paramref name="failedAttempt"/> + 1.</summary>
    public void Failed(FetchFailure failure, int failedAttempt)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            _report = _report with { State = FetchStates.Retrying, ErrorKind = failure.Kind, Message = failure.Message, Attempt = failedAttempt + 1, BytesPerSecond = 0, EtaSeconds = null };
        }
    }

    /// <summary>The report as JSON (the wire format of the progress endpoint and file).</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(Report, FetchJsonContext.Default.FetchProgressReport);

    /// <summary>Writes the report to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void WriteTo(string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The report in <paramref name="path"/>, or null when it is absent or unreadable.</summary>
    public static FetchProgressReport? ReadFrom(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), FetchJsonContext.Default.FetchProgressReport);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
