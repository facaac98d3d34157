using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// Device time per op name: an event is recorded on the stream before and after each op while profiling, and
/// <see cref="Collect"/> sums the elapsed times once the work finished. Adds two event records per op.
/// </summary>
public sealed class OpProfiler(nint stream) : IDisposable
{
    private readonly List<(string Name, nint Start, nint Stop)> _marks = [];
    private readonly Stack<nint> _free = new();

    /// <summary>Records the start of op <paramref name="name"/>; pass the result to <see cref="End"/>.</summary>
    public int Begin(string name)
    {
        var start = Event();
        Check(cuEventRecord(start, stream), nameof(cuEventRecord));
        _marks.Add((name, start, 0));
        return _marks.Count - 1;
    }

    /// <summary>Records the end of the op begun as <paramref name="mark"/>.</summary>
    public void End(int mark)
    {
        var stop = Event();
        Check(cuEventRecord(stop, stream), nameof(cuEventRecord));
        _marks[mark] = _marks[mark] with { Stop = stop };
    }

    /// <summary>Waits for the stream and returns seconds per op name since the last collect, largest first.</summary>
    public IReadOnlyList<(string Name, double Seconds, int Count)> Collect()
    {
        Check(cuStreamSynchronize(stream), nameof(cuStreamSynchronize));
        var totals = new Dictionary<string, (double Seconds, int Count)>(StringComparer.Ordinal);
        foreach (var (name, start, stop) in _marks)
        {
            Check(cuEventElapsedTime(out var ms, start, stop), nameof(cuEventElapsedTime));
            var (seconds, count) = totals.GetValueOrDefault(name);
            totals[name] = (seconds + (ms / 1e3), count + 1);
            _free.Push(start);
            _free.Push(stop);
        }

        _marks.Clear();
        return totals.Select(t => (t.Key, t.Value.Seconds, t.Value.Count)).OrderByDescending(t => t.Item2).ToList();
    }

    public void Dispose()
    {
        foreach (var (_, start, stop) in _marks)
        {
            _free.Push(start);
            _free.Push(stop);
        }

        _marks.Clear();
        while (_free.TryPop(out var e))
        {
            if (e != 0)
            {
                _ = cuEventDestroy(e);
            }
        }
    }

    private nint Event()
    {
        if (_free.TryPop(out var e))
        {
            return e;
        }

        Check(cuEventCreate(out e, 0), nameof(cuEventCreate));
        return e;
    }
}
