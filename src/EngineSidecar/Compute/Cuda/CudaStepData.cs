using Sluice.Engine.Compute.Cuda.Runtime;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// The index arrays of one <see cref="StepBatch"/> on the device, uploaded with one asynchronous copy from pinned
/// memory. Layout (int32): tokenIds [T] | positions [T] | slots [T] | tokenSequence [T] | logitRows [L] | blockTables [S · maxBlocks]
/// | prefill tiles [2 · P] | decode tokens [D], the last two from <see cref="PrefillTiling.Split"/> (absent when the step has no
/// prefill chunk).
/// The pinned staging buffer is reused only after the previous copy finished (an event guards it).
/// </summary>
public sealed unsafe class CudaStepData : IDisposable
{
    private PinnedBuffer? _host;
    private DeviceBuffer? _device;
    private long _capacityInts;
    private nint _copied;
    private bool _pending;

    public CudaStepData()
    {
        Check(cuEventCreate(out _copied, 2), nameof(cuEventCreate));
    }

    /// <summary>Incremented whenever the device buffer is reallocated.</summary>
    public int Generation { get; private set; }

    /// <summary>The batch last uploaded.</summary>
    public StepBatch? Batch { get; private set; }

    public ulong TokenIds { get; private set; }

    public ulong Positions { get; private set; }

    public ulong Slots { get; private set; }

    public ulong TokenSequence { get; private set; }

    public ulong LogitRows { get; private set; }

    public ulong BlockTables { get; private set; }

    /// <summary>Device address of the (first token, tokens) pairs of the step's prefill tiles; 0 when there are none.</summary>
    public ulong PrefillTiles { get; private set; }

    public int NumPrefillTiles { get; private set; }

    /// <summary>Device address of the indices of the tokens outside prefill tiles; 0 when there are no tiles (every token is a decode).</summary>
    public ulong DecodeTokens { get; private set; }

    public int NumDecodeTokens { get; private set; }

    /// <summary>Largest number of positions any token of the batch attends to (its position + 1).</summary>
    public int MaxContext { get; private set; }

    /// <summary>Uploads <paramref name="batch"/> unless it is the batch already on the device.</summary>
    public void Upload(StepBatch batch, nint stream)
    {
        if (ReferenceEquals(batch, Batch))
        {
            return;
        }

        int t = batch.NumTokens, l = batch.LogitRows.Length, tables = batch.BlockTables.Length;
        var (tiles, decodes) = PrefillTiling.Split(batch);
        var total = (4L * t) + l + tables + tiles.Length + decodes.Length;
        if (_pending)
        {
            Check(cuEventSynchronize(_copied), nameof(cuEventSynchronize));
            _pending = false;
        }

        EnsureCapacity(total, stream);
        var host = _host!.Slice<int>(0, (int)total);
        batch.TokenIds.CopyTo(host);
        batch.Positions.CopyTo(host[t..]);
        batch.SlotMapping.CopyTo(host[(2 * t)..]);
        batch.TokenSequence.CopyTo(host[(3 * t)..]);
        batch.LogitRows.CopyTo(host[(4 * t)..]);
        batch.BlockTables.CopyTo(host[((4 * t) + l)..]);
        tiles.CopyTo(host[((4 * t) + l + tables)..]);
        decodes.CopyTo(host[((4 * t) + l + tables + tiles.Length)..]);
        var device = _device!.Pointer;
        Check(cuMemcpyHtoDAsync(device, (void*)_host.Pointer, (nuint)(total * sizeof(int)), stream), nameof(cuMemcpyHtoDAsync));
        Check(cuEventRecord(_copied, stream), nameof(cuEventRecord));
        _pending = true;
        TokenIds = device;
        Positions = device + ((ulong)t * sizeof(int));
        Slots = device + (2UL * (ulong)t * sizeof(int));
        TokenSequence = device + (3UL * (ulong)t * sizeof(int));
        LogitRows = device + (4UL * (ulong)t * sizeof(int));
        BlockTables = device + (((4UL * (ulong)t) + (ulong)l) * sizeof(int));
        var tilesAt = (ulong)((4L * t) + l + tables) * sizeof(int);
        PrefillTiles = tiles.Length == 0 ? 0 : device + tilesAt;
        NumPrefillTiles = tiles.Length / 2;
        DecodeTokens = decodes.Length == 0 ? 0 : device + tilesAt + ((ulong)tiles.Length * sizeof(int));
        NumDecodeTokens = tiles.Length == 0 ? t : decodes.Length;
        MaxContext = t == 0 ? 0 : batch.Positions.Max() + 1;
        Batch = batch;
    }

    public void Dispose()
    {
        _device?.Dispose();
        _device = null;
        _host?.Dispose();
        _host = null;
        if (_copied != 0)
        {
            _ = cuEventDestroy(_copied);
            _copied = 0;
        }
    }

    /// <summary>Grows the buffers to hold <paramref name="ints"/> values now, so that later uploads up to that size keep their addresses.</summary>
    public void EnsureCapacity(long ints, nint stream)
    {
        if (ints <= _capacityInts)
        {
            return;
        }

        var capacity = Math.Max(ints, Math.Max(1024, _capacityInts * 2));
        Check(cuStreamSynchronize(stream), nameof(cuStreamSynchronize));
        _device?.Dispose();
        _device = null;
        _host?.Dispose();
        _host = null;
        _host = new PinnedBuffer(capacity * sizeof(int));
        _device = new DeviceBuffer(capacity * sizeof(int));
        _capacityInts = capacity;
        Generation++;
    }
}
