using System.Runtime.ExceptionServices;

namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// Runs one piece of work per rank at the same time: rank 0 on the calling thread, every other rank on a dedicated thread
/// of its own (ranks block in collectives, so they must not share pool threads). When a rank fails, the abort action
/// is called so that ranks waiting for it in a collective stop too. Not thread-safe: one caller.
/// </summary>
public sealed class RankThreads : IDisposable
{
    private readonly Action _abort;
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly Exception?[] _failures;
    private readonly CountdownEvent _done;
    private Action<int>? _work;
    private volatile bool _stopping;

    /// <param name="size">Ranks, the caller's included.</param>
    /// <param name="abort">Called once per failing rank, from that rank's thread (e.g. <see cref="ICollectiveGroup.Abort"/>).</param>
    public RankThreads(int size, Action abort)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _abort = abort;
        _failures = new Exception?[size];
        _done = new CountdownEvent(size - 1);
        _start = Enumerable.Range(0, size).Select(_ => new SemaphoreSlim(0)).ToArray();
        _threads = Enumerable.Range(1, size - 1)
            .Select(rank => new Thread(() => Loop(rank)) { IsBackground = true, Name = $"tensor-parallel rank {rank}" })
            .ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Ranks.</summary>
    public int Size => _failures.Length;

    /// <summary>
    /// Calls <paramref name="work"/>(rank) for every rank at once and returns when all returned. Rethrows the failure of the
    /// lowest failing rank, preferring a rank's own failure over the <see cref="OperationCanceledException"/> that the abort
    /// caused on the others.
    /// </summary>
    public void Run(Action<int> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_stopping, this);
        Array.Clear(_failures);
        _work = work;
        if (_threads.Length > 0)
        {
            _done.Reset();
            for (var rank = 1; rank < Size; rank++)
            {
                _start[rank].Release();
            }
        }

        Execute(0);
        _done.Wait();
        var failures = _failures.OfType<Exception>().ToList();
        if (failures.Count > 0)
        {
            ExceptionDispatchInfo.Capture(failures.FirstOrDefault(e => e is not OperationCanceledException) ?? failures[0]).Throw();
        }
    }

    /// <summary>Stops the rank threads (after the work in progress, if any).</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        for (var rank = 1; rank < Size; rank++)
        {
            _start[rank].Release();
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        foreach (var start in _start)
        {
            start.Dispose();
        }

        _done.Dispose();
    }

    private void Loop(int rank)
    {
        while (true)
        {
            _start[rank].Wait();
            if (_stopping)
            {
                return;
            }

            Execute(rank);
            _done.Signal();
        }
    }

    private void Execute(int rank)
    {
        try
        {
            _work!(rank);
        }
        catch (Exception e)
        {
            _failures[rank] = e;
            _abort();
        }
    }
}
