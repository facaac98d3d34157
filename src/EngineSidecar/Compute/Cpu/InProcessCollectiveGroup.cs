using System.Numerics.Tensors;
using Sluice.Engine.Compute.TensorParallel;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>
/// The collectives of ranks that are threads of one process, over their <see cref="CpuActivation"/>s. Each call is two
/// barrier phases: every rank publishes its buffer and waits; then each rank works on its own share (a sum writes its
/// chunk of the elements into every rank's buffer; a gather copies into its own output) and waits again, so no buffer
/// is touched by another rank once a call returns. Sums add the ranks' values in rank order, so every rank gets the same bits.
/// </summary>
public sealed class InProcessCollectiveGroup : ICollectiveGroup
{
    private readonly Barrier _barrier;
    private readonly CpuActivation?[] _published;
    private readonly CancellationTokenSource _abort = new();

    public InProcessCollectiveGroup(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        _barrier = new Barrier(size);
        _published = new CpuActivation?[size];
    }

    public int Size { get; }

    public bool IsAborted => _abort.IsCancellationRequested;

    public ICollective Rank(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, Size);
        return new InProcessCollective(this, rank);
    }

    public void Abort() => _abort.Cancel();

    public void Dispose()
    {
        _barrier.Dispose();
        _abort.Dispose();
    }

    /// <summary>The sum of <see cref="ICollective.AllReduceSum"/> for <paramref name="rank"/>.</summary>
    internal void AllReduceSum(int rank, CpuActivation buffer)
    {
        var all = Exchange(rank, buffer);
        var count = buffer.Rows * buffer.Cols;
        var start = (int)((long)rank * count / Size);
        var end = (int)((long)(rank + 1) * count / Size);
        var sum = new float[end - start];
        all[0].Data.AsSpan(start, sum.Length).CopyTo(sum);
        for (var k = 1; k < Size; k++)
        {
            TensorPrimitives.Add(sum, all[k].Data.AsSpan(start, sum.Length), sum);
        }

        foreach (var member in all)
        {
            sum.CopyTo(member.Data.AsSpan(start, sum.Length));
        }

        Wait();
    }

    /// <summary>The gather of <see cref="ICollective.AllGather"/> for <paramref name="rank"/>.</summary>
    internal void AllGather(int rank, CpuActivation local, CpuActivation gathered)
    {
        if (gathered.Cols != local.Cols * Size || gathered.Rows != local.Rows)
        {
            throw new ArgumentException($"all-gather of [{local.Rows}, {local.Cols}] from {Size} ranks needs [{local.Rows}, {local.Cols * Size}], got [{gathered.Rows}, {gathered.Cols}]");
        }

        var all = Exchange(rank, local);
        for (var t = 0; t < local.Rows; t++)
        {
            for (var k = 0; k < Size; k++)
            {
                all[k].Row(t).CopyTo(gathered.Row(t).Slice(k * local.Cols, local.Cols));
            }
        }

        Wait();
    }

    // Publishes this rank's buffer and returns every rank's once all have; shapes must agree.
    private CpuActivation[] Exchange(int rank, CpuActivation buffer)
    {
        _published[rank] = buffer;
        Wait();
        var all = _published.Select(p => p!).ToArray();
        if (all.Any(p => p.Rows != buffer.Rows || p.Cols != buffer.Cols))
        {
            throw new ArgumentException($"collective call with buffers of shapes {string.Join(", ", all.Select(p => $"[{p.Rows}, {p.Cols}]"))}: every rank must pass the same shape");
        }

        return all;
    }

    private void Wait() => _barrier.SignalAndWait(_abort.Token);
}
