using Sluice.Engine.Compute.Cuda.Native;
using static Sluice.Engine.Compute.Cuda.Native.Nccl;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// One rank's NCCL communicator: fp32 all-reduce (sum) and all-gather of device buffers, queued on a stream of the rank's
/// device. Made with NVLink multicast off (<see cref="Nccl.DisableNvlinkMulticast"/>). Disposing destroys the communicator.
/// </summary>
public sealed unsafe class NcclCommunicator : IDisposable
{
    private nint _comm;

    private NcclCommunicator(nint comm, int rank, int size)
    {
        _comm = comm;
        Rank = rank;
        Size = size;
    }

    public int Rank { get; }

    /// <summary>Ranks in the communicator.</summary>
    public int Size { get; }

    /// <summary>One communicator per device ordinal in <paramref name="devices"/>, rank i on devices[i], for one process driving them all.</summary>
    public static NcclCommunicator[] ForDevices(IReadOnlyList<int> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfZero(devices.Count);
        DisableNvlinkMulticast();
        var comms = new nint[devices.Count];
        var ordinals = devices.ToArray();
        fixed (nint* c = comms)
        fixed (int* d = ordinals)
        {
            Check(ncclCommInitAll(c, ordinals.Length, d), nameof(ncclCommInitAll));
        }

        return [.. comms.Select((comm, rank) => new NcclCommunicator(comm, rank, comms.Length))];
    }

    /// <summary>A new id for <see cref="Join"/>: made on one rank, then given to all.</summary>
    public static NcclUniqueId NewId()
    {
        DisableNvlinkMulticast();
        Check(ncclGetUniqueId(out var id), nameof(ncclGetUniqueId));
        return id;
    }

    /// <summary>Joins as rank <paramref name="rank"/> of <paramref name="size"/> on the device current on this thread; blocks until all ranks joined.</summary>
    public static NcclCommunicator Join(NcclUniqueId id, int rank, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, size);
        DisableNvlinkMulticast();
        Check(ncclCommInitRank(out var comm, size, id, rank), nameof(ncclCommInitRank));
        return new NcclCommunicator(comm, rank, size);
    }

    /// <summary>recv[i] = Σ over ranks of send[i] for <paramref name="count"/> fp32 elements; queued on <paramref name="stream"/>. send may equal recv.</summary>
    public void AllReduceSum(ulong send, ulong recv, long count, nint stream)
    {
        ObjectDisposedException.ThrowIf(_comm == 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Check(ncclAllReduce((nint)send, (nint)recv, (nuint)count, Float32, Sum, _comm, stream), nameof(ncclAllReduce));
    }

    /// <summary>recv [Size · count] = every rank's send [count] fp32 elements in rank order; queued on <paramref name="stream"/>.</summary>
    public void AllGather(ulong send, ulong recv, long count, nint stream)
    {
        ObjectDisposedException.ThrowIf(_comm == 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Check(ncclAllGather((nint)send, (nint)recv, (nuint)count, Float32, _comm, stream), nameof(ncclAllGather));
    }

    /// <summary>Runs <paramref name="launch"/> inside ncclGroupStart/ncclGroupEnd, so that the collectives it queues for several ranks from one thread are launched together.</summary>
    public static void Group(Action launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        Check(ncclGroupStart(), nameof(ncclGroupStart));
        try
        {
            launch();
        }
        finally
        {
            Check(ncclGroupEnd(), nameof(ncclGroupEnd));
        }
    }

    public void Dispose()
    {
        if (_comm != 0)
        {
            _ = ncclCommDestroy(_comm);
            _comm = 0;
        }
    }
}
