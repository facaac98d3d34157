using System.Globalization;

namespace Sluice.Engine.Model;

/// <summary>
/// Reports a model load on a log: at most one line per <see cref="Interval"/> while weights arrive (share of the parameters,
/// bytes resident, rate, time left), then one closing line with the load time, rate and peak host RSS. The rate is bytes
/// resident per second of load; the time left extrapolates the parameters still to come at the rate so far. Not thread-safe.
/// </summary>
public sealed class LoadProgress
{
    /// <summary>Default spacing of progress lines: 3 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(3);

    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly Func<long?> _peakResidentBytes;
    private readonly long _start;
    private long _lastLine;
    private long _parameters;
    private long _bytes;

    /// <param name="totalParameters">Parameters the load will bring (the layout's count).</param>
    /// <param name="time">Clock (default: the system's).</param>
    /// <param name="peakResidentBytes">Peak host RSS (default: <see cref="ProcessMemory.PeakResidentBytes"/>).</param>
    public LoadProgress(long totalParameters, TextWriter log, TimeProvider? time = null, TimeSpan? interval = null, Func<long?>? peakResidentBytes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalParameters);
        TotalParameters = totalParameters;
        _log = log;
        _time = time ?? TimeProvider.System;
        Interval = interval ?? DefaultInterval;
        _peakResidentBytes = peakResidentBytes ?? ProcessMemory.PeakResidentBytes;
        _start = _lastLine = _time.GetTimestamp();
    }

    public long TotalParameters { get; }

    /// <summary>Least time between two progress lines.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Counts a weight of <paramref name="parameters"/> parameters now holding <paramref name="bytes"/> bytes; may write a line.</summary>
    public void Advance(long parameters, long bytes)
    {
        _parameters += parameters;
        _bytes += bytes;
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastLine, now) < Interval)
        {
            return;
        }

        _lastLine = now;
        var seconds = _time.GetElapsedTime(_start, now).TotalSeconds;
        var share = (double)_parameters / TotalParameters;
        var left = share > 0 ? seconds * (1 - share) / share : double.NaN;
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"info: loading weights: {share * 100:0.0}% of {Count(TotalParameters)} parameters, {Size(_bytes)} resident, {Rate(seconds)}, ETA {left:0} s"));
    }

    /// <summary>Writes the closing line: parameters, bytes, seconds, rate and peak host RSS.</summary>
    public void Finish()
    {
        var seconds = _time.GetElapsedTime(_start).TotalSeconds;
        var peak = _peakResidentBytes() is { } rss ? $"{rss / (double)(1L << 30):0.00} GiB" : "unknown";
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"info: weights loaded: {Count(_parameters)} parameters, {Size(_bytes)} in {seconds:0.0} s ({Rate(seconds)}), peak host RSS {peak}"));
    }

    // 8.03 B, 0.90 M: parameters in the units model cards use.
    private static string Count(long parameters) =>
        parameters >= 1e9
            ? string.Create(CultureInfo.InvariantCulture, $"{parameters / 1e9:0.00} B")
            : string.Create(CultureInfo.InvariantCulture, $"{parameters / 1e6:0.00} M");

    private static string Size(long bytes) =>
        bytes >= 1e9
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.00} GB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");

    private string Rate(double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{(seconds > 0 ? _bytes / seconds / 1e9 : 0):0.00} GB/s");
}
