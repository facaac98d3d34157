namespace Sluice.Engine.Compute.Cpu;

/// <summary>Splits a loop into contiguous ranges run on up to MaxThreads threads; small loops run inline.</summary>
public sealed class CpuParallel(int maxThreads)
{
    /// <summary>Below this much estimated work (≈ multiply-adds) a loop runs on the calling thread.</summary>
    public const long MinParallelWork = 1 << 18;

    private readonly ParallelOptions _options = new() { MaxDegreeOfParallelism = Math.Max(1, maxThreads) };

    public int MaxThreads => _options.MaxDegreeOfParallelism;

    /// <summary>Calls body(start, end) over ranges covering [0, count); <paramref name="workPerItem"/> sizes the split.</summary>
    public void For(int count, long workPerItem, Action<int, int> body)
    {
        if (count <= 0)
        {
            return;
        }

        var total = count * Math.Max(1, workPerItem);
        var chunks = (int)Math.Min(count, Math.Min(MaxThreads * 4L, total / MinParallelWork));
        if (chunks <= 1 || MaxThreads == 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, chunks, _options, c =>
        {
            var start = (int)((long)c * count / chunks);
            var end = (int)((long)(c + 1) * count / chunks);
            body(start, end);
        });
    }
}
